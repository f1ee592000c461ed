import "server-only";
import { sql } from "drizzle-orm";
import type { Scope } from "@/lib/auth/permissions";
import { RISK_BANDS, type RiskBand } from "@/lib/models/churn/bands";
import type { FeatureImportance } from "@/lib/models/gbt";
import type { Db } from "../client";
import type { StoredEvaluation } from "../schema";
import { jsonColumn, selectRows } from "../sql";
import { isUuid, storeCondition } from "./scope";

export interface ModelRunSummary {
  id: string;
  version: number;
  trainedAt: Date;
  horizonDays: number;
  /** The data window: the earliest training cutoff to the end of the data the labels read. */
  dataFrom: Date;
  dataTo: Date;
  testCutoff: Date;
  trainRows: number;
  testRows: number;
  testChurnRate: number;
  trainingMs: number;
  /** The GBT's backtest AUC (the version history's headline figure). */
  auc: number | null;
}

export interface ModelRunDetail extends ModelRunSummary {
  trainCutoffs: Date[];
  /** Members trained on at the latest cutoff, of those who could churn then (equal: every member); null before it was recorded. */
  sample: { members: number; eligible: number } | null;
  evaluations: StoredEvaluation[];
  importances: FeatureImportance[];
  trees: number;
}

interface Raw {
  id: string;
  version: number;
  trained_ms: number;
  horizon_days: number;
  from_ms: number;
  to_ms: number;
  test_ms: number;
  train_rows: number;
  test_rows: number;
  test_churn_rate: number;
  training_ms: number;
  evaluations: StoredEvaluation[] | string;
}

const SUMMARY = sql`id, version, (extract(epoch FROM trained_at) * 1000)::float8 AS trained_ms, horizon_days,
  (extract(epoch FROM data_from) * 1000)::float8 AS from_ms, (extract(epoch FROM data_to) * 1000)::float8 AS to_ms,
  (extract(epoch FROM test_cutoff) * 1000)::float8 AS test_ms, train_rows, test_rows, test_churn_rate, training_ms, evaluations`;

function toSummary(r: Raw): ModelRunSummary {
  const gbt = jsonColumn(r.evaluations).find((e) => e.name === "gbt");
  return {
    id: r.id,
    version: r.version,
    trainedAt: new Date(Number(r.trained_ms)),
    horizonDays: r.horizon_days,
    dataFrom: new Date(Number(r.from_ms)),
    dataTo: new Date(Number(r.to_ms)),
    testCutoff: new Date(Number(r.test_ms)),
    trainRows: r.train_rows,
    testRows: r.test_rows,
    testChurnRate: r.test_churn_rate,
    trainingMs: r.training_ms,
    auc: gbt?.auc ?? null,
  };
}

/** Every trained model, newest first (the version history). */
export async function listModelRuns(db: Db, params: { limit?: number } = {}): Promise<ModelRunSummary[]> {
  const rows = await selectRows<Raw>(db, sql`SELECT ${SUMMARY} FROM churn_model_runs ORDER BY version DESC LIMIT ${params.limit ?? 50}`);
  return rows.map(toSummary);
}

/** One model's figures (the given version, else the latest), without its serialized trees. */
export async function getModelRun(db: Db, params: { version?: number } = {}): Promise<ModelRunDetail | null> {
  const which = params.version === undefined ? sql`true` : sql`version = ${params.version}`;
  const [row] = await selectRows<
    Raw & { train_cutoffs: string[] | string; importances: FeatureImportance[] | string; trees: number; sample_members: number | null; eligible_members: number | null }
  >(
    db,
    sql`SELECT ${SUMMARY}, train_cutoffs, importances, jsonb_array_length(model->'trees')::int AS trees, sample_members, eligible_members
          FROM churn_model_runs WHERE ${which} ORDER BY version DESC LIMIT 1`,
  );
  if (!row) return null;
  return {
    ...toSummary(row),
    trainCutoffs: jsonColumn(row.train_cutoffs).map((c) => new Date(c)),
    sample: row.sample_members === null || row.eligible_members === null ? null : { members: row.sample_members, eligible: row.eligible_members },
    evaluations: jsonColumn(row.evaluations),
    importances: jsonColumn(row.importances),
    trees: row.trees,
  };
}

export interface OverviewPoint {
  runId: string;
  asOf: Date;
  bands: Record<RiskBand, { members: number; valueAtStakeMinor: number }>;
}

/**
 * Members and value at stake per risk band for the latest `runs` finished score runs (oldest first), over
 * the caller's scope (and one store when asked): the churn overview over time. Members without a home
 * store count only for callers who see all stores.
 */
export async function churnOverview(db: Db, params: { scope: Scope; storeId?: string; runs?: number }): Promise<OverviewPoint[]> {
  const store = params.storeId === undefined ? sql`true` : isUuid(params.storeId) ? sql`b.store_id = ${params.storeId}::uuid` : sql`false`;
  const scope = params.scope.kind === "all" ? sql`true` : storeCondition(sql`b.store_id`, params.scope);
  const rows = await selectRows<{ run_id: string; as_of: number; risk_band: RiskBand; members: number; value: number }>(
    db,
    sql`WITH runs AS (
          SELECT id, as_of, finished_at FROM churn_score_runs WHERE status = 'done' ORDER BY finished_at DESC LIMIT ${params.runs ?? 30}
        )
        SELECT r.id AS run_id, (extract(epoch FROM r.as_of) * 1000)::float8 AS as_of, b.risk_band,
               coalesce(sum(b.members), 0)::int AS members, coalesce(sum(b.value_at_stake_minor), 0)::float8 AS value
          FROM runs r JOIN churn_score_bands b ON b.run_id = r.id
         WHERE ${scope} AND ${store}
         GROUP BY r.id, r.as_of, r.finished_at, b.risk_band
         ORDER BY r.finished_at, r.id`,
  );
  const points = new Map<string, OverviewPoint>();
  for (const r of rows) {
    let point = points.get(r.run_id);
    if (!point) {
      point = {
        runId: r.run_id,
        asOf: new Date(Number(r.as_of)),
        bands: Object.fromEntries(RISK_BANDS.map((b) => [b, { members: 0, valueAtStakeMinor: 0 }])) as OverviewPoint["bands"],
      };
      points.set(r.run_id, point);
    }
    point.bands[r.risk_band] = { members: r.members, valueAtStakeMinor: r.value };
  }
  return [...points.values()];
}
