import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { MemberInput } from "@/lib/models/btyd";
import { matrixFromRecords, type FeatureMatrix } from "@/lib/models/matrix";
import type { Db } from "../client";
import { selectRows } from "../sql";
import { purchaseDayStats } from "./btyd-stats";
import { CHURN_FEATURES, churnFeaturesSelect } from "./features/churn";
import { memberCouldChurn } from "./churn-labels";
import { churnColumns, inIdRange, uuidArray, weeksSince } from "./features/sql";

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
  return toScoringInput(
    await selectRows<InputRow>(
      db,
      sql`SELECT f.*, m.home_store_id, s.x AS btyd_x, s.tx AS btyd_tx, s.t_total AS btyd_t, s.mean_repeat_minor AS btyd_mean_spend
            FROM (${churnFeaturesSelect({ asOf: params.asOf, members: { kind: "range", ...range } })}) f
            JOIN (WITH ${purchaseDayStats(params.asOf, undefined, inIdRange(sql`m.id`, range))} SELECT * FROM stats) s ON s.member_id = f.member_id
            JOIN members m ON m.id = f.member_id
           ORDER BY f.member_id`,
    ),
  );
}

/**
 * The same as scoringInput, computed from the inputs kept in member_churn_features instead of from every
 * receipt and event: one indexed row per member. The model's features are churnColumns, the extraction's
 * own expressions, over the kept row under the CTE names they read (`tx`, `ev_churn`, `rd`: LATERAL
 * subselects of the one row, which PostgreSQL flattens) and the member's profile as `mem`; the members are
 * the extraction's (joined before asOf, a sale, not erased, profiling allowed). Equal to scoringInput when
 * every row was computed as of asOf (churn-score-input.test.ts); a row computed earlier holds its windowed
 * counts as of its own as_of, while the times since its last purchase, event or redemption run to asOf.
 */
export async function keptScoringInput(db: Db, params: { asOf: Date; after: string; upTo: string }): Promise<ScoringInput> {
  const range = { after: params.after, upTo: params.upTo };
  const columns = churnColumns(params.asOf).map(([name, expr]) => sql`${expr} AS ${sql.raw(name)}`);
  return toScoringInput(
    await selectRows<InputRow>(
      db,
      sql`SELECT mem.id AS member_id, ${sql.join(columns, sql`, `)}, mem.home_store_id, tx.btyd_x, tx.btyd_tx,
                 ${weeksSince(sql`tx.btyd_first_day`, params.asOf)} AS btyd_t, tx.btyd_mean_repeat_minor AS btyd_mean_spend
            FROM members mem
            JOIN member_churn_features tx ON tx.member_id = mem.id AND tx.purchases > 0
            CROSS JOIN LATERAL (SELECT tx.*) ev_churn
            CROSS JOIN LATERAL (SELECT tx.*) rd
           WHERE ${inIdRange(sql`mem.id`, range)} AND ${inIdRange(sql`tx.member_id`, range)} AND ${memberCouldChurn("mem", params.asOf)}
           ORDER BY mem.id`,
    ),
  );
}

/**
 * The members who could churn at asOf (eligibleMembers: joined before it, a sale before it, not erased,
 * profiling allowed) as the kept inputs tell, a select of `id` over members `m` narrowed by `where`: one
 * indexed row each instead of a probe of their receipts.
 */
export function keptEligibleMembers(asOf: Date, where?: SQL): SQL {
  return sql`SELECT m.id FROM members m JOIN member_churn_features c ON c.member_id = m.id AND c.purchases > 0
              WHERE ${memberCouldChurn("m", asOf)} ${where ? sql`AND (${where})` : sql``}`;
}

/**
 * BTYD's statistics from the kept inputs, as the CTE `stats` that purchaseDayStats ends in (for
 * btydFitInputs): x, t_x, the mean repeat-day value from the row, T from the first purchase day to asOf.
 */
export function keptBtydStats(asOf: Date, where?: SQL): SQL {
  return sql`stats AS (
      SELECT c.member_id, c.btyd_x AS x, c.btyd_tx AS tx,
             ${weeksSince(sql`c.btyd_first_day`, asOf)} AS t_total,
             c.btyd_mean_repeat_minor AS mean_repeat_minor, c.btyd_repeats_valued AS repeats_valued
        FROM member_churn_features c
       WHERE c.member_id IN (${keptEligibleMembers(asOf, where)})
    )`;
}

/**
 * Whether the kept inputs can serve a run as of `asOf`: none was computed after it (a run as of an earlier
 * instant extracts as of it instead), and every member with a purchase has a row (a database migrated from
 * before member_churn_features has none until the features are rebuilt).
 */
export async function keptInputsServe(db: Db, asOf: Date, options: { /** Only these members' rows (tests on a shared database). */ only?: readonly string[] } = {}): Promise<boolean> {
  const only = (column: SQL) => (options.only ? sql`AND ${column} = ANY(${uuidArray(options.only)})` : sql``);
  const [row] = await selectRows<{ serve: boolean }>(
    db,
    sql`SELECT coalesce((SELECT max(as_of) FROM member_churn_features c WHERE true ${only(sql`c.member_id`)}) <= ${asOf.toISOString()}::timestamptz, true)
               AND NOT EXISTS (SELECT 1 FROM member_features f
                                WHERE f.purchases > 0 ${only(sql`f.member_id`)}
                                  AND NOT EXISTS (SELECT 1 FROM member_churn_features c WHERE c.member_id = f.member_id)) AS serve`,
  );
  return row?.serve === true;
}

type InputRow = Record<string, unknown> & { member_id: string; home_store_id: string | null; btyd_x: number; btyd_tx: number; btyd_t: number; btyd_mean_spend: number | null };

function toScoringInput(rows: InputRow[]): ScoringInput {
  const stats = new Map<string, MemberInput>();
  for (const r of rows) stats.set(r.member_id, { x: r.btyd_x, tx: r.btyd_tx, T: r.btyd_t, meanSpend: r.btyd_mean_spend ?? Number.NaN });
  return {
    memberIds: rows.map((r) => r.member_id),
    features: matrixFromRecords(rows, CHURN_FEATURES),
    stats,
    homeStoreIds: rows.map((r) => r.home_store_id),
  };
}
