import "server-only";
import { sql } from "drizzle-orm";
import type { Scope } from "@/lib/auth/permissions";
import { OFFER_CONTEXTS, offerContextIndexes, type ObservableMember } from "@/lib/campaigns/offer-contexts";
import type { SimulationPopulation } from "@/lib/campaigns/simulate";
import type { Db } from "../client";
import { offerType } from "../schema/ground-truth";
import { escapeLike, selectRows } from "../sql";
import { storeCondition } from "./scope";

/**
 * The population of the campaign simulation (lib/campaigns/simulate.ts): each member's observable features,
 * from which the targeting policy's contexts are built, and apart from them the demo generator's true
 * redemption propensities (ground_truth.offer_response), which only the simulated responses read.
 * For the simulation, its test and the bench: no product screen reads this.
 */

export interface CampaignSimulationParams {
  scope: Scope;
  /**
   * A tagged demo run (tests): only its members (external ids `<tag>-M…`), and its category codes
   * (`<tag>-coffee`); the whole program, with the plain codes, without it.
   */
  tag?: string;
}

/** Categories whose spend makes a café regular, and a books-and-gifts buyer (the demo catalogue's codes). */
const CAFE_CATEGORIES = ["coffee", "tea", "bakery"];
const GIFT_CATEGORIES = ["books", "gifts"];

/** Members in scope (erased excluded), in id order, each with their product features: what a policy may read. */
export async function loadObservableMembers(db: Db, params: CampaignSimulationParams): Promise<{ memberIds: string[]; members: ObservableMember[] }> {
  const prefix = params.tag === undefined ? null : `${escapeLike(params.tag)}-M%`;
  const code = (c: string) => (params.tag === undefined ? c : `${params.tag}-${c}`);
  const rows = await selectRows<{
    member_id: string;
    purchases: number;
    discount_share: number | null;
    share_app: number | null;
    share_online: number | null;
    cafe_share: number | null;
    gift_share: number | null;
  }>(
    db,
    sql`WITH m AS (
      SELECT m.id FROM members m
      WHERE m.status <> 'erased' AND ${storeCondition(sql`m.home_store_id`, params.scope)}
        AND (${prefix}::text IS NULL OR m.external_id LIKE ${prefix}::text)
    ), cat AS (
      -- A member with no row for a category has share 0 there (member_category_features).
      SELECT mc.member_id,
             sum(mc.share) FILTER (WHERE c.code = ANY(${`{${CAFE_CATEGORIES.map(code).join(",")}}`}::text[])) AS cafe_share,
             sum(mc.share) FILTER (WHERE c.code = ANY(${`{${GIFT_CATEGORIES.map(code).join(",")}}`}::text[])) AS gift_share
      FROM m JOIN member_category_features mc ON mc.member_id = m.id JOIN categories c ON c.id = mc.category_id
      GROUP BY mc.member_id
    )
    SELECT m.id AS member_id, coalesce(f.purchases, 0)::int AS purchases,
           -- The churn features' discount_share (db/queries/features/sql.ts): discount over the gross of sales.
           (cf.discount_minor::float8 / nullif(cf.discount_minor + cf.sales_minor, 0)) AS discount_share,
           f.share_app::float8 AS share_app, f.share_online::float8 AS share_online,
           coalesce(cat.cafe_share, 0)::float8 AS cafe_share, coalesce(cat.gift_share, 0)::float8 AS gift_share
    FROM m
    LEFT JOIN member_features f ON f.member_id = m.id
    LEFT JOIN member_churn_features cf ON cf.member_id = m.id
    LEFT JOIN cat ON cat.member_id = m.id
    ORDER BY m.id`,
  );
  const share = (x: number | null) => (x === null ? null : Number(x));
  return {
    memberIds: rows.map((r) => r.member_id),
    members: rows.map((r) => ({
      purchases: Number(r.purchases),
      discountShare: share(r.discount_share),
      shareApp: share(r.share_app),
      shareOnline: share(r.share_online),
      cafeShare: share(r.cafe_share),
      giftShare: share(r.gift_share),
    })),
  };
}

/**
 * The ground truth's propensity of each member (in memberIds' order) for each offer type, member-major.
 * Only for drawing simulated responses and scoring them: never an input of a policy.
 */
export async function loadTrueOfferResponse(db: Db, memberIds: readonly string[]): Promise<{ offers: readonly string[]; propensity: Float64Array }> {
  const offers = offerType.enumValues;
  const propensity = new Float64Array(memberIds.length * offers.length);
  const row = new Map(memberIds.map((id, i) => [id, i]));
  // In slices, so that an array of 100,000 ids is not one bind parameter the size of a page of text.
  for (let start = 0; start < memberIds.length; start += 20_000) {
    const slice = memberIds.slice(start, start + 20_000);
    const rows = await selectRows<{ member_id: string; offer_type: string; propensity: number }>(
      db,
      sql`SELECT member_id, offer_type::text AS offer_type, propensity::float8 AS propensity
          FROM ground_truth.offer_response WHERE member_id = ANY(${`{${slice.join(",")}}`}::uuid[])`,
    );
    for (const r of rows) {
      const m = row.get(r.member_id);
      const o = offers.indexOf(r.offer_type as (typeof offers)[number]);
      if (m !== undefined && o >= 0) propensity[m * offers.length + o] = Number(r.propensity);
    }
  }
  return { offers, propensity };
}

/** Both, as the simulation takes them; members without ground truth (not generated) are left out. */
export async function loadCampaignSimulationPopulation(db: Db, params: CampaignSimulationParams): Promise<SimulationPopulation & { memberIds: string[] }> {
  const observed = await loadObservableMembers(db, params);
  const truth = await loadTrueOfferResponse(db, observed.memberIds);
  const offers = truth.offers.length;
  const kept: number[] = [];
  observed.memberIds.forEach((_, m) => {
    if (truth.propensity.subarray(m * offers, (m + 1) * offers).some((p) => p > 0)) kept.push(m);
  });
  const propensity = new Float64Array(kept.length * offers);
  kept.forEach((m, i) => propensity.set(truth.propensity.subarray(m * offers, (m + 1) * offers), i * offers));
  return {
    memberIds: kept.map((m) => observed.memberIds[m]!),
    offers: truth.offers,
    contexts: offerContextIndexes(kept.map((m) => observed.members[m]!)),
    contextLabels: OFFER_CONTEXTS,
    propensity,
  };
}
