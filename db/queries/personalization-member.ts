import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Scope } from "@/lib/auth/permissions";
import { CAMPAIGN_CHANNELS, type CampaignChannel } from "@/db/schema/campaigns";
import type { Currency } from "@/db/schema/enums";
import { reachableOn } from "@/lib/campaigns/audience";
import type { Locale } from "@/lib/i18n/config";
import { categoryAffinities, purchaseCycleDays, type CategoryAffinity } from "@/lib/personalization/affinity";
import type { MemberOfferFacts } from "@/lib/personalization/next-best-offer";
import { hasConsent } from "@/lib/privacy/consent";
import type { Db } from "../client";
import { selectRows } from "../sql";
import { uuidArray } from "./features/sql";
import { isUuid, storeCondition } from "./scope";

export interface MemberPersonalization {
  memberId: string;
  locale: Locale | null;
  /** The program's currency: offers' costs and values, and member features' money, are in it. */
  currency: Currency;
  /** The member objected to profiling (purpose `personalization`): no recommendations, no offers chosen for them. */
  objected: boolean;
  /** Channels the member may be sent marketing on (consent, and an address for e-mail). */
  channels: CampaignChannel[];
  tierId: string | null;
  /** Offers sent or planned in the frequency cap's window, across all campaigns (as a campaign's cap counts them). */
  recentOffers: number;
  /** Every category's name, by id: reasons name categories the member never bought. */
  categoryNames: Record<string, string>;
  /** Null for an objecting member: nothing about them is computed. */
  facts: OfferFactsWithoutPeers | null;
}

/** Whole program-local days since 1970-01-01: purchase cycles count calendar days where the program is. */
const day = (instant: SQL) => sql`((${instant} AT TIME ZONE sales_daily_tz())::date - DATE '1970-01-01')`;

/**
 * What personalization knows of one member, in three indexed reads (consent by the member's own rows, not
 * the set of every objecting member, which a request would build in full at 1M members): the member (scope, consent, tier, recent
 * offers), their category shares, and their purchase days per category (program-local days). Null for a
 * member out of scope, unknown or erased.
 */
export async function loadMemberPersonalization(
  db: Db,
  params: { memberId: string; scope: Scope; programId: string; now: Date; capDays: number },
): Promise<MemberPersonalization | null> {
  if (!isUuid(params.memberId)) return null;
  const now = sql`${params.now.toISOString()}::timestamptz`;
  const [member] = await selectRows<{ locale: Locale | null; currency: Currency; objected: boolean; tier_id: string | null; recent_offers: number; today: number } & Record<`reach_${CampaignChannel}`, boolean>>(
    db,
    sql`SELECT m.locale, (SELECT lp.currency FROM loyalty_programs lp WHERE lp.id = ${params.programId}::uuid) AS currency, NOT ${hasConsent("personalization")} AS objected,
               ${sql.join(CAMPAIGN_CHANNELS.map((c) => sql`${reachableOn(c)} AS ${sql.raw(`reach_${c}`)}`), sql`, `)},
               (SELECT mp.tier_id::text FROM member_points mp WHERE mp.program_id = ${params.programId}::uuid AND mp.member_id = m.id) AS tier_id,
               (SELECT count(*)::int FROM campaign_recipients r WHERE r.member_id = m.id AND NOT r.control
                   AND r.send_at > ${now} - make_interval(days => ${params.capDays}::int)) AS recent_offers,
               ${day(now)} AS today
          FROM members m
         WHERE m.id = ${params.memberId}::uuid AND m.status <> 'erased' AND ${storeCondition(sql`m.home_store_id`, params.scope)}`,
  );
  if (!member) return null;
  const base = {
    memberId: params.memberId,
    locale: member.locale,
    currency: member.currency,
    objected: member.objected,
    channels: CAMPAIGN_CHANNELS.filter((c) => member[`reach_${c}`]),
    tierId: member.tier_id,
    recentOffers: member.recent_offers,
  };
  // An objecting member's facts are not read at all.
  const [categories, facts] = await Promise.all([
    selectRows<{ id: string; name: string }>(db, sql`SELECT id::text AS id, name FROM categories`),
    member.objected ? null : loadOfferFacts(db, { memberIds: [params.memberId], now: params.now }),
  ]);
  const categoryNames = Object.fromEntries(categories.map((c) => [c.id, c.name]));
  // No member_features row (never refreshed): no purchases known, so no basket either.
  return { ...base, categoryNames, facts: facts === null ? null : (facts.get(params.memberId) ?? emptyFacts(member.today)) };
}

export type OfferFactsWithoutPeers = Omit<MemberOfferFacts, "rarelyBought" | "categoryBasketMinor">;

function emptyFacts(today: number): OfferFactsWithoutPeers {
  return { today, tenureDays: null, purchaseDays: 0, visitCycleDays: null, daysSinceLastPurchase: null, avgBasketMinor: null, discountShare: null, affinities: [] };
}

/**
 * The next best offer's facts of many members at once, in three set-based reads (the member-360 and endpoint
 * read one member, a personalized campaign launch up to its whole audience): average basket, category shares,
 * and purchase days per category (program-local days) before `now`. Consent is the caller's: this reads what
 * it is asked for. A member unknown to member_features gets no entry.
 */
export async function loadOfferFacts(db: Db, params: { memberIds: readonly string[]; now: Date }): Promise<Map<string, OfferFactsWithoutPeers>> {
  if (params.memberIds.length === 0) return new Map();
  const now = sql`${params.now.toISOString()}::timestamptz`;
  const ids = uuidArray(params.memberIds);
  const [members, shares, days] = await Promise.all([
    selectRows<{ member_id: string; avg_basket: number | null; today: number }>(
      db,
      sql`SELECT f.member_id::text AS member_id, f.avg_basket_minor::float8 AS avg_basket, ${day(now)} AS today FROM member_features f WHERE f.member_id = ANY (${ids})`,
    ),
    selectRows<{ member_id: string; category_id: string; spend: number; share: number }>(
      db,
      sql`SELECT c.member_id::text AS member_id, c.category_id::text AS category_id, c.spend_minor::float8 AS spend, c.share
            FROM member_category_features c WHERE c.member_id = ANY (${ids})`,
    ),
    selectRows<{ member_id: string; category_id: string | null; day: number; spend: number; discount: number }>(
      db,
      sql`SELECT t.member_id::text AS member_id, l.category_id::text AS category_id, ${day(sql`t.occurred_at`)} AS day,
                 sum(l.amount_minor)::float8 AS spend, sum(l.discount_minor)::float8 AS discount
            FROM transactions t JOIN transaction_lines l ON l.transaction_id = t.id
           WHERE t.member_id = ANY (${ids}) AND t.kind = 'sale' AND t.occurred_at < ${now}
           GROUP BY 1, 2, 3`,
    ),
  ]);
  const sharesOf = groupBy(shares, (r) => r.member_id);
  const daysOf = groupBy(days, (r) => r.member_id);
  const out = new Map<string, OfferFactsWithoutPeers>();
  for (const member of members) {
    const spend = (sharesOf.get(member.member_id) ?? []).map((c) => ({ categoryId: c.category_id, spendMinor: c.spend, share: c.share }));
    const own = daysOf.get(member.member_id) ?? [];
    const categoryDays = own.filter((d) => d.category_id !== null).map((d) => ({ categoryId: d.category_id!, day: d.day, spendMinor: d.spend }));
    const affinities: CategoryAffinity[] = categoryAffinities(spend, categoryDays);
    const allDays = own.map((d) => d.day);
    const first = allDays.length ? Math.min(...allDays) : null;
    const last = allDays.length ? Math.max(...allDays) : null;
    const paid = own.reduce((n, d) => n + d.spend, 0);
    const discount = own.reduce((n, d) => n + d.discount, 0);
    out.set(member.member_id, {
      today: member.today,
      tenureDays: first === null ? null : member.today - first,
      purchaseDays: new Set(allDays).size,
      visitCycleDays: purchaseCycleDays(allDays),
      daysSinceLastPurchase: last === null ? null : member.today - last,
      avgBasketMinor: member.avg_basket,
      discountShare: paid + discount > 0 ? discount / (paid + discount) : null,
      affinities,
    });
  }
  return out;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
