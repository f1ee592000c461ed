import { sql, type SQL } from "drizzle-orm";
import { matrixFromRecords, type FeatureMatrix } from "@/lib/models/matrix";
import { membersWithoutProfilingConsent } from "@/lib/privacy/profiling";
import type { Db } from "../../client";
import { selectRows } from "../../sql";
import { memberSet, type ExtractParams } from "./extract";
import { churnColumns, churnCtes, featureCtes, TX_CHURN_AGGREGATES, type MemberSet } from "./sql";

/**
 * The churn model's view of the point-in-time extraction: the same `mem` and `tx` CTEs as member_features
 * (featureCtes) plus the churn CTEs (churnCtes), one row per member who could churn at asOf — joined
 * before it, at least one sale before it, not erased (as churn-labels' eligibleMembers) — and who has not
 * withdrawn profiling consent: such members are neither scored nor trained on. Everything is read strictly
 * before asOf (tested in db/queries/churn-features.test.ts). Definitions: docs/churn.md, "Features".
 */

/** The feature names, in column order. */
export const CHURN_FEATURES: readonly string[] = churnColumns(new Date(0)).map(([name]) => name);

export interface ChurnFeatureSet {
  /** Ascending; row i of `features` is memberIds[i]. */
  memberIds: string[];
  features: FeatureMatrix;
}

/** The extraction as one SELECT: member_id, then CHURN_FEATURES (float8, null where missing). */
export function churnFeaturesSelect(window: { asOf: Date; members: MemberSet }): SQL {
  const columns = churnColumns(window.asOf).map(([name, expr]) => sql`${expr} AS ${sql.raw(name)}`);
  return sql`WITH ${featureCtes(window, TX_CHURN_AGGREGATES)}, ${churnCtes(window)}
    SELECT mem.member_id, ${sql.join(columns, sql`, `)}
      FROM mem
      JOIN tx ON tx.member_id = mem.member_id AND tx.purchases > 0
      LEFT JOIN ev_churn ON ev_churn.member_id = mem.member_id
      LEFT JOIN rd ON rd.member_id = mem.member_id
     WHERE mem.status <> 'erased' AND mem.member_id NOT IN (${membersWithoutProfilingConsent()})`;
}

/**
 * Churn features as of `asOf` for the given members (or those matching `where`, a condition on `m` =
 * members, or all), ordered by member id.
 */
export async function extractChurnFeatures(db: Db, params: ExtractParams): Promise<ChurnFeatureSet> {
  const members = memberSet(params);
  const rows = await selectRows<Record<string, unknown> & { member_id: string }>(
    db,
    sql`SELECT f.* FROM (${churnFeaturesSelect({ asOf: params.asOf, members })}) f ORDER BY f.member_id`,
  );
  return { memberIds: rows.map((r) => r.member_id), features: matrixFromRecords(rows, CHURN_FEATURES) };
}
