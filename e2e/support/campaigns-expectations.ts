/**
 * What e2e/campaigns.spec.ts reads of the campaign fixture (campaigns-fixture.ts, written by the e2e
 * server): kept free of server-only imports, which a Playwright spec cannot load.
 */
import path from "node:path";
import { readFileSync } from "node:fs";

export const CAMPAIGN_FIXTURE_FILE = path.join(process.cwd(), ".data", "e2e-campaigns.json");
/** Where the test SMTP server the e2e server starts writes each message (test/smtp-capture.ts). */
export const E2E_MAIL_DIR = path.join(process.cwd(), ".data", "e2e-mail");
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 3125);

export interface CampaignFixture {
  segmentName: string;
  members: { id: string; email: string; locale: string }[];
  /** A till's API key (made here: the marketer of the journey cannot make one) for redeeming an offer. */
  apiToken: string;
}

export function loadCampaignFixture(): CampaignFixture {
  return JSON.parse(readFileSync(CAMPAIGN_FIXTURE_FILE, "utf8")) as CampaignFixture;
}
