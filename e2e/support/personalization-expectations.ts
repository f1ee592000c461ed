/**
 * What e2e/personalization.spec.ts reads of the personalization fixture (personalization-fixture.ts, written
 * by the e2e server): kept free of server-only imports, which a Playwright spec cannot load.
 */
import path from "node:path";
import { readFileSync } from "node:fs";

export const PERSONALIZATION_FIXTURE_FILE = path.join(process.cwd(), ".data", "e2e-personalization.json");

export interface PersonalizationFixture {
  /** A member of the store manager's stores with a next best offer, outside every other spec's audience. */
  memberId: string;
  offer: string;
  reasonCode: string;
  /** The reason as the server put it in English when the fixture was made (day counts may move past midnight). */
  reasonText: string;
  /** A product the member is recommended. */
  product: string;
  /** The model page's headline figures, as the page formats them in English. */
  modelPage: { hitRate: string; popularityHitRate: string; auc: string; baselineAuc: string };
}

export function loadPersonalizationFixture(): PersonalizationFixture {
  return JSON.parse(readFileSync(PERSONALIZATION_FIXTURE_FILE, "utf8")) as PersonalizationFixture;
}
