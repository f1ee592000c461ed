import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { membersWithoutProfilingConsent } from "@/lib/privacy/profiling";
import { OFFER_KINDS, type OfferHistory, type OfferKind, type PropensityInputs } from "@/lib/models/propensity";
import type { Db } from "../client";
import { engagementChannel } from "../schema/enums";
import { selectRows } from "../sql";
import { factFilter, featureCtes, PROGRAM_CURRENCY, type MemberSet } from "./features/sql";

/**
 * What the redemption propensity model reads of each member as of a moment (lib/models/propensity.ts,
 * PropensityInputs), in one statement: the shared point-in-time extraction's `mem`, `tx` (featureCtes,
 * narrowed to the receipt aggregates used here) and `ev` (engagement), plus two CTEs of its own: `pl`, sale lines per category
 * with the part bought on discount (one pass over the lines gives the category shares and the price
 * sensitivity), and `po`, the member's past offers by reward kind. Everything is read strictly before
 * `asOf`: an offer counts as received once sent, as redeemed once redeemed, both before it. Members who
 * were erased or objected to profiling get no row (as for churn: neither trained on nor scored).
 */

const TX_COLUMNS = ["purchases", "last_purchase_at", "purchases_90d", "purchases_online", "purchases_app"] as const;

function inputsSelect(asOf: Date, members: MemberSet): SQL {
  const before = sql`${asOf.toISOString()}::timestamptz`;
  return sql`WITH ${featureCtes({ asOf, members }, TX_COLUMNS)},
    pl AS (
      SELECT t.member_id, coalesce(l.category_id, p.category_id) AS category_id,
             sum(l.amount_minor + l.discount_minor)::float8 AS gross,
             coalesce(sum(l.amount_minor + l.discount_minor) FILTER (WHERE l.discount_minor > 0), 0)::float8 AS discounted
        FROM transactions t
        JOIN transaction_lines l ON l.transaction_id = t.id
        LEFT JOIN products p ON p.id = l.product_id
       WHERE t.kind = 'sale' AND t.currency = ${PROGRAM_CURRENCY} AND t.occurred_at < ${before} AND ${factFilter(sql`t.member_id`, members)}
       GROUP BY 1, 2
    ),
    pl_member AS (
      SELECT member_id, sum(gross) AS gross, sum(discounted) AS discounted,
             json_object_agg(category_id, gross) FILTER (WHERE category_id IS NOT NULL) AS categories
        FROM pl GROUP BY member_id
    ),
    po AS (
      SELECT r.member_id, w.kind::text AS kind, count(*)::int AS received, count(*) FILTER (WHERE r.redeemed_at < ${before})::int AS redeemed
        FROM campaign_recipients r
        JOIN campaign_variants v ON v.id = r.variant_id
        JOIN rewards w ON w.id = v.reward_id
       WHERE NOT r.control AND r.send_at < ${before} AND ${factFilter(sql`r.member_id`, members)}
       GROUP BY 1, 2
    ),
    po_member AS (
      SELECT member_id, json_object_agg(kind, json_build_array(received, redeemed)) AS kinds FROM po GROUP BY member_id
    )
    SELECT mem.member_id,
           (extract(epoch FROM ${before} - mem.joined_at) / 86400.0)::float8 AS tenure_days,
           (extract(epoch FROM ${before} - tx.last_purchase_at) / 86400.0)::float8 AS days_since_purchase,
           coalesce(tx.purchases, 0) AS purchases, coalesce(tx.purchases_90d, 0) AS purchases_90d,
           coalesce(tx.purchases_online, 0) AS online, coalesce(tx.purchases_app, 0) AS app,
           (extract(epoch FROM ${before} - ev.last_engagement_at) / 86400.0)::float8 AS days_since_event,
           (${sql.join(engagementChannel.enumValues.map((c) => sql.raw(`coalesce(ev.eng_${c}_90d, 0)`)), sql` + `)})::int AS events_90d,
           pl_member.gross, pl_member.discounted, pl_member.categories::text AS categories, po_member.kinds::text AS kinds
      FROM mem
      LEFT JOIN tx ON tx.member_id = mem.member_id
      LEFT JOIN ev ON ev.member_id = mem.member_id
      LEFT JOIN pl_member ON pl_member.member_id = mem.member_id
      LEFT JOIN po_member ON po_member.member_id = mem.member_id
     -- NOT EXISTS, not NOT IN: one index probe per member asked, where NOT IN hashed every objecting member
     -- first (19 of 20 ms for one member at 1M members, 60,000 objections; npm run bench -- --only offers).
     WHERE mem.status <> 'erased' AND NOT EXISTS (SELECT 1 FROM (${membersWithoutProfilingConsent()}) o WHERE o.member_id = mem.member_id)`;
}

interface InputRow {
  member_id: string;
  tenure_days: number;
  days_since_purchase: number | null;
  purchases: number;
  purchases_90d: number;
  days_since_event: number | null;
  events_90d: number;
  online: number;
  app: number;
  gross: number | null;
  discounted: number | null;
  categories: string | null;
  kinds: string | null;
}

function toInputs(row: InputRow): PropensityInputs {
  const gross = Number(row.gross ?? 0);
  const categoryShares: Record<string, number> = {};
  if (row.categories && gross > 0) {
    for (const [category, value] of Object.entries(JSON.parse(row.categories) as Record<string, number>)) categoryShares[category] = value / gross;
  }
  const offersByKind: Partial<Record<OfferKind, OfferHistory>> = {};
  const offers = { received: 0, redeemed: 0 };
  if (row.kinds) {
    for (const [kind, [received, redeemed]] of Object.entries(JSON.parse(row.kinds) as Record<string, [number, number]>)) {
      if ((OFFER_KINDS as readonly string[]).includes(kind)) offersByKind[kind as OfferKind] = { received, redeemed };
      offers.received += received;
      offers.redeemed += redeemed;
    }
  }
  return {
    tenureDays: Number(row.tenure_days),
    daysSinceLastPurchase: row.days_since_purchase === null ? null : Number(row.days_since_purchase),
    purchases: Number(row.purchases),
    purchases90d: Number(row.purchases_90d),
    daysSinceLastEvent: row.days_since_event === null ? null : Number(row.days_since_event),
    events90d: Number(row.events_90d),
    onlinePurchases: Number(row.online),
    appPurchases: Number(row.app),
    discountedShare: gross > 0 ? Number(row.discounted ?? 0) / gross : null,
    categoryShares,
    offers,
    offersByKind,
  };
}

/** Inputs of the members of a set (ids, a condition on `m`, an id range, all) as of `asOf`. */
export async function propensityInputsOf(db: Db, params: { asOf: Date; members: MemberSet }): Promise<Map<string, PropensityInputs>> {
  const rows = await selectRows<InputRow>(db, inputsSelect(params.asOf, params.members));
  return new Map(rows.map((row) => [row.member_id, toInputs(row)]));
}

/**
 * The serving side's inputs: per member, what scoring needs as of `asOf` (now). One statement, the members
 * given as one uuid[] parameter, so one member (GET /api/v1/members/{id}/offers) and a launch's 100,000
 * read the same way: the fact tables by their member_id indexes.
 */
export async function loadPropensityInputs(db: Db, params: { memberIds: readonly string[]; asOf: Date }): Promise<Map<string, PropensityInputs>> {
  if (params.memberIds.length === 0) return new Map();
  return propensityInputsOf(db, { asOf: params.asOf, members: { kind: "ids", ids: params.memberIds } });
}
