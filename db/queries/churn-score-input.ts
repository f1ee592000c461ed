import "server-only";
import { sql } from "drizzle-orm";
import type { MemberInput } from "@/lib/models/btyd";
import { matrixFromRecords, type FeatureMatrix } from "@/lib/models/matrix";
import type { Db } from "../client";
import { selectRows } from "../sql";
import { purchaseDayStats } from "./btyd-stats";
import { CHURN_FEATURES, churnFeaturesSelect } from "./features/churn";
import { inIdRange } from "./features/sql";

/** What the scoring run needs of a chunk of members: features, BTYD statistics and home stores, in member id order. */
export interface ScoringInput {
  /** Ascending; row i of `features` is memberIds[i]. */
  memberIds: string[];
  features: FeatureMatrix;
  stats: Map<string, MemberInput>;
  /** Per row: the member's home store (null: none), for the run's totals per store and risk band. */
  homeStoreIds: Array<string | null>;
}

/**
 * The churn features (extractChurnFeatures) and the BTYD statistics (btydStatsAsOf) as of `asOf` of the
 * members whose id is in (after, upTo], in one statement: one round trip and one plan per chunk. The inner
 * join keeps the members both select (the same eligible members; one who objected to profiling while the
 * statement ran cannot be in one and not the other, since a statement reads one snapshot).
 */
export async function scoringInput(db: Db, params: { asOf: Date; after: string; upTo: string }): Promise<ScoringInput> {
  const range = { after: params.after, upTo: params.upTo };
  const rows = await selectRows<
    Record<string, unknown> & { member_id: string; home_store_id: string | null; btyd_x: number; btyd_tx: number; btyd_t: number; btyd_mean_spend: number | null }
  >(
    db,
    sql`SELECT f.*, m.home_store_id, s.x AS btyd_x, s.tx AS btyd_tx, s.t_total AS btyd_t, s.mean_repeat_minor AS btyd_mean_spend
          FROM (${churnFeaturesSelect({ asOf: params.asOf, members: { kind: "range", ...range } })}) f
          JOIN (WITH ${purchaseDayStats(params.asOf, undefined, inIdRange(sql`m.id`, range))} SELECT * FROM stats) s ON s.member_id = f.member_id
          JOIN members m ON m.id = f.member_id
         ORDER BY f.member_id`,
  );
  const stats = new Map<string, MemberInput>();
  for (const r of rows) stats.set(r.member_id, { x: r.btyd_x, tx: r.btyd_tx, T: r.btyd_t, meanSpend: r.btyd_mean_spend ?? Number.NaN });
  return {
    memberIds: rows.map((r) => r.member_id),
    features: matrixFromRecords(rows, CHURN_FEATURES),
    stats,
    homeStoreIds: rows.map((r) => r.home_store_id),
  };
}
