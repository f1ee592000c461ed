import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { saveCampaignDraft } from "../db/queries/campaigns";
import { setSegmentMembers } from "../db/queries/segments-snapshot";
import type { CampaignChannel } from "../db/schema/campaigns";
import { selectRows } from "../db/sql";
import { campaignInput, type CampaignInput } from "../lib/campaigns/schemas";
import type { Locale } from "../lib/i18n/config";
import { makeStaff } from "./api";
import { uniqueTag } from "./db";

export interface CampaignMember {
  id: string;
  email: string;
  locale: Locale;
  firstName: string;
}

/**
 * `count` members of this test with e-mail addresses and the given marketing consents granted (in-app and
 * e-mail by default), languages cycling through `locales`. Inserted in one statement each: tests make
 * thousands for the statistical checks.
 */
export async function makeCampaignMembers(
  db: Db,
  count: number,
  options: { locales?: readonly Locale[]; consents?: readonly ("marketing_email" | "marketing_in_app" | "marketing_push")[] } = {},
): Promise<CampaignMember[]> {
  const tag = uniqueTag("cm").replace("-", "");
  const locales = options.locales ?? ["en"];
  const people = Array.from({ length: count }, (_, i) => ({ email: `${tag}-${i}@campaign.example`, locale: locales[i % locales.length]!, firstName: `Fn${i}${tag}` }));
  const rows = await selectRows<{ id: string; email: string }>(
    db,
    sql`INSERT INTO members (external_id, email, first_name, locale, joined_at)
        SELECT 'X' || e, e, f, l::ui_locale, now() - interval '400 days'
          FROM unnest(${`{${people.map((p) => p.email).join(",")}}`}::text[], ${`{${people.map((p) => p.firstName).join(",")}}`}::text[],
                      ${`{${people.map((p) => p.locale).join(",")}}`}::text[]) AS x(e, f, l)
        RETURNING id, email`,
  );
  const byEmail = new Map(rows.map((r) => [r.email, r.id]));
  const members = people.map((p) => ({ ...p, id: byEmail.get(p.email)! }));
  for (const purpose of options.consents ?? ["marketing_email", "marketing_in_app"]) {
    await grantConsent(db, members.map((m) => m.id), purpose);
  }
  return members;
}

export async function grantConsent(db: Db, memberIds: readonly string[], purpose: string, status: "granted" | "withdrawn" = "granted"): Promise<void> {
  if (memberIds.length === 0) return;
  await db.execute(sql`INSERT INTO consent_events (member_id, purpose, status, lawful_basis, source, actor_kind, occurred_at)
    SELECT id, ${purpose}::consent_purpose, ${status}::consent_status, 'consent', 'ui', 'system', now() - interval '1 minute'
      FROM unnest(${`{${memberIds.join(",")}}`}::uuid[]) AS id`);
}

/** A list segment holding exactly these members: a campaign's audience that other tests' members never enter. */
export async function makeListSegment(db: Db, memberIds: readonly string[]): Promise<string> {
  const [row] = await selectRows<{ id: string }>(db, sql`INSERT INTO segments (name, kind, rule) VALUES (${uniqueTag("Campaign audience")}, 'manual', NULL) RETURNING id`);
  await setSegmentMembers(db, { segmentId: row!.id, memberIds, now: new Date() });
  return row!.id;
}

/** An active reward of the default program whose redemption costs the brand `costMinor` EUR cents. */
export async function makeOfferReward(db: Db, costMinor: number, kind = "percent_off"): Promise<string> {
  const value = kind === "percent_off" ? { percent: 20 } : { amountMinor: 500, currency: "EUR" };
  const [row] = await selectRows<{ id: string }>(
    db,
    sql`INSERT INTO rewards (program_id, name, kind, value, points_price, cost_minor, cost_currency)
        SELECT id, ${uniqueTag("Offer")}, ${kind}::reward_kind, ${JSON.stringify(value)}::jsonb, 100, ${costMinor}, 'EUR' FROM loyalty_programs WHERE code = 'default'
        RETURNING id`,
  );
  return row!.id;
}

export const TEST_TEMPLATES = {
  en: { subject: "Hello {{firstName}}, an offer for you", body: "Use {{code}} for {{offer}} until {{validUntil}}." },
  de: { subject: "Hallo {{firstName}}, ein Angebot für Sie", body: "Mit {{code}} erhalten Sie {{offer}} bis {{validUntil}}." },
  ar: { subject: "مرحبا {{firstName}}، عرض لك", body: "استخدم {{code}} للحصول على {{offer}} حتى {{validUntil}}." },
};

/** A draft on the segment with one variant per reward, saved as a marketer would; `overrides` change any field. */
export async function makeCampaign(
  db: Db,
  params: { segmentId: string; rewardIds: readonly string[]; channels?: CampaignChannel[]; overrides?: Partial<Record<keyof CampaignInput, unknown>> },
): Promise<{ id: string; actor: { kind: "staff"; id: string } }> {
  const actor = await makeStaff(db, "marketer");
  const input = campaignInput.parse({
    name: uniqueTag("Campaign"),
    goal: "reactivation",
    segmentId: params.segmentId,
    controlPercent: 10,
    channels: params.channels ?? ["email", "in_app"],
    templates: TEST_TEMPLATES,
    variants: params.rewardIds.map((rewardId, i) => ({ name: `Offer ${String.fromCharCode(65 + i)}`, rewardId, validDays: 14 })),
    ...params.overrides,
  });
  const { id } = await saveCampaignDraft(db, { input, actor });
  return { id, actor };
}
