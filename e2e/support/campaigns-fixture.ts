/**
 * Campaign data for e2e/campaigns.spec.ts, chosen by the e2e server before the app starts (server-only
 * modules: the spec reads the result through campaigns-expectations.ts): a list segment
 * of members who already consented to marketing e-mail (no consent is written here: the privacy spec's
 * figures stay as the seed made them), spread over the languages, and where the app's mail goes.
 */
import { writeFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { createApiKey } from "../../db/queries/api-keys";
import { DEMO_USERS } from "../../db/seed/demo-users";
import { setSegmentMembers } from "../../db/queries/segments-snapshot";
import { selectRows } from "../../db/sql";
import { CAMPAIGN_FIXTURE_FILE, type CampaignFixture } from "./campaigns-expectations";

export async function prepareCampaignFixture(db: Db): Promise<void> {
  // Up to 12 members per language, with e-mail consent, an address, and not erased.
  const members = await selectRows<{ id: string; email: string; locale: string }>(
    db,
    sql`SELECT id, email, locale FROM (
          SELECT m.id, m.email, m.locale::text, row_number() OVER (PARTITION BY m.locale ORDER BY m.id) AS n
            FROM members m JOIN member_consents c ON c.member_id = m.id AND c.purpose = 'marketing_email' AND c.status = 'granted'
           WHERE m.status = 'active' AND m.email IS NOT NULL) x
        WHERE n <= 12`,
  );
  const segmentName = "E2E campaign audience";
  const [segment] = await selectRows<{ id: string }>(db, sql`INSERT INTO segments (name, kind, rule, description) VALUES (${segmentName}, 'manual', NULL, 'Members for the campaign journey') RETURNING id`);
  await setSegmentMembers(db, { segmentId: segment!.id, memberIds: members.map((m) => m.id), now: new Date() });
  const admin = DEMO_USERS.find((u) => u.role === "admin")!;
  const [adminRow] = await selectRows<{ id: string }>(db, sql`SELECT id FROM staff_users WHERE email = ${admin.email}`);
  const key = await createApiKey(db, { name: "E2E campaign till", channels: ["pos"], stores: "all", actor: { kind: "staff", id: adminRow!.id } });
  const fixture: CampaignFixture = { segmentName, members, apiToken: key.token };
  writeFileSync(CAMPAIGN_FIXTURE_FILE, JSON.stringify(fixture, null, 2));
}
