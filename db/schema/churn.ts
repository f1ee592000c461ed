import { sql } from "drizzle-orm";
import { bigint, boolean, doublePrecision, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { FeatureImportance, GbtModel } from "@/lib/models/gbt";
import type { BgNbdParams, GammaGammaParams } from "@/lib/models/btyd";
import type { CalibrationBin } from "@/lib/models/metrics";
import type { MemberReason } from "@/lib/models/churn/reasons";
// Relative: drizzle-kit loads the schema without the "@/" alias (type imports above are erased).
import { RISK_BANDS } from "../../lib/models/churn/bands";
import { CONTACT_OUTCOMES } from "../../lib/churn/outcomes";
import { INTERVENTION_KINDS, type InterventionRule } from "../../lib/models/churn/interventions";
import { members } from "./members";
import { staffUsers } from "./staff";
import { stores } from "./stores";

/**
 * Churn models and scores, versioned and kept (docs/churn.md, "Scoring"): each training makes a model run;
 * each re-score makes a score run with every member's score under it, so what a member's risk was when
 * someone called them stays readable after later runs.
 */

export const churnRiskBand = pgEnum("churn_risk_band", RISK_BANDS);
export const churnIntervention = pgEnum("churn_intervention", INTERVENTION_KINDS);
export const churnScoreRunStatus = pgEnum("churn_score_run_status", ["queued", "running", "done", "failed"]);
export const churnContactOutcome = pgEnum("churn_contact_outcome", CONTACT_OUTCOMES);
export type ChurnScoreRunStatus = (typeof churnScoreRunStatus.enumValues)[number];
export type ChurnContactOutcome = (typeof churnContactOutcome.enumValues)[number];

/** One model's figures in the backtest (ModelEvaluation of lib/models/churn/backtest.ts, without its bins). */
export interface StoredEvaluation {
  name: string;
  auc: number;
  prAuc: number;
  brier: number | null;
  topDecileLift: number;
  ece: number | null;
  /** Cumulative lift at 10%, 20%, ..., 100%. */
  liftCurve: number[];
  /** Null for scores that are not probabilities. */
  calibration: CalibrationBin[] | null;
}

/**
 * A trained churn model: the backtest of its recipe (features at cutoffs one horizon earlier, tested on the
 * latest complete horizon) beside the baselines, and the model refitted on the latest cutoffs, serialized.
 */
export const churnModelRuns = pgTable(
  "churn_model_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** 1, 2, 3, ... in training order. */
    version: integer().notNull().unique(),
    trainedAt: timestamp({ withTimezone: true }).notNull(),
    horizonDays: integer().notNull(),
    /** The data window: the earliest training cutoff and the end of the data the labels read. */
    dataFrom: timestamp({ withTimezone: true }).notNull(),
    dataTo: timestamp({ withTimezone: true }).notNull(),
    /** The model's own training cutoffs (labels over the horizon after each), and the backtest's test cutoff. */
    trainCutoffs: jsonb().$type<string[]>().notNull(),
    testCutoff: timestamp({ withTimezone: true }).notNull(),
    trainRows: integer().notNull(),
    testRows: integer().notNull(),
    /**
     * The member sample trained on (db/queries/churn-sample.ts): members in it who could churn at the latest
     * cutoff, of all who could then (equal when every member was used; null for versions trained before it
     * was recorded). The same members at every cutoff.
     */
    sampleMembers: integer(),
    eligibleMembers: integer(),
    testChurnRate: doublePrecision().notNull(),
    evaluations: jsonb().$type<StoredEvaluation[]>().notNull(),
    importances: jsonb().$type<FeatureImportance[]>().notNull(),
    model: jsonb().$type<GbtModel>().notNull(),
    trainingMs: integer().notNull(),
    /** The staff member who asked for it; null for the schedule. */
    createdBy: uuid().references(() => staffUsers.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
);

/**
 * The intervention policy admins edit (docs/churn.md, "Reasons and interventions"): one row per version, the
 * ordered rules (first match wins) validated by lib/churn/policy.ts before they are written. Only inserted:
 * the highest version is in force, and a score run records the version it used. With no row, the built-in
 * DEFAULT_INTERVENTION_POLICY applies (version 0).
 */
export const churnInterventionPolicies = pgTable("churn_intervention_policies", {
  id: uuid().primaryKey().defaultRandom(),
  /** 1, 2, 3, ... in saving order; unique, so two admins saving at once cannot both make version n. */
  version: integer().notNull().unique(),
  rules: jsonb().$type<InterventionRule[]>().notNull(),
  createdBy: uuid().references(() => staffUsers.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** A re-score of every member with one model: its progress while it runs, the BTYD fit it used, and when. */
export const churnScoreRuns = pgTable(
  "churn_score_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Null until the run has chosen (or trained) its model. */
    modelRunId: uuid().references(() => churnModelRuns.id),
    status: churnScoreRunStatus().notNull().default("queued"),
    /** Train a new model first (else the latest one is reused). */
    retrain: boolean().notNull().default(false),
    /** Scores are as of this instant (features from data before it). */
    asOf: timestamp({ withTimezone: true }),
    /** Members to go through and gone through (progress = done / total); scored = those who got a score. */
    total: integer().notNull().default(0),
    done: integer().notNull().default(0),
    scored: integer().notNull().default(0),
    btyd: jsonb().$type<{ bgNbd: BgNbdParams; gammaGamma: GammaGammaParams | null }>(),
    /** The intervention policy version the run's suggestions came from; 0 = the built-in default; null until it finished. */
    policyVersion: integer(),
    error: text(),
    requestedBy: uuid().references(() => staffUsers.id),
    startedAt: timestamp({ withTimezone: true }),
    /** Written with every chunk: a running run whose heartbeat stopped long ago was abandoned by a crash. */
    heartbeatAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // At most one run queued or running at a time (the index holds one constant key for all of them).
    uniqueIndex("churn_score_runs_one_active_idx").on(sql`(${t.status} in ('queued', 'running'))`).where(sql`${t.status} in ('queued', 'running')`),
    index().on(t.finishedAt),
  ],
);

/**
 * Every scored member of a run. Money in the program currency, minor units. Reasons: the top drivers as
 * message keys with the member's figures (lib/models/churn/reasons.ts). No scores for members who objected
 * to profiling or never bought.
 */
export const churnMemberScores = pgTable(
  "churn_member_scores",
  {
    runId: uuid()
      .notNull()
      .references(() => churnScoreRuns.id, { onDelete: "cascade" }),
    // No foreign key to members: a run writes up to every member's row, and each key check locks the member's
    // row (a write to members and the WAL per score: 60% of the insert). Scores are written only for ids
    // the run has just read from members, and members are never deleted (erasure pseudonymizes in place).
    memberId: uuid().notNull(),
    churnProbability: doublePrecision().notNull(),
    /** BG/NBD P(alive) and expected purchases in the horizon; null where the model gives no finite figure. */
    probabilityAlive: doublePrecision(),
    expectedPurchases: doublePrecision(),
    clvMinor: bigint({ mode: "number" }),
    /** CLV x churn probability; null when CLV is unknown. */
    valueAtStakeMinor: bigint({ mode: "number" }),
    riskBand: churnRiskBand().notNull(),
    reasons: jsonb().$type<MemberReason[]>().notNull(),
    intervention: churnIntervention(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.memberId] }),
    // The at-risk list: a run's members by value at stake.
    index("churn_member_scores_value_idx").on(t.runId, t.valueAtStakeMinor.desc().nullsLast()),
    index().on(t.memberId),
  ],
);

/** Members and value per risk band and home store of each run: the churn overview over time reads these. */
export const churnScoreBands = pgTable(
  "churn_score_bands",
  {
    runId: uuid()
      .notNull()
      .references(() => churnScoreRuns.id, { onDelete: "cascade" }),
    /** Null: members without a home store. */
    storeId: uuid().references(() => stores.id),
    riskBand: churnRiskBand().notNull(),
    members: integer().notNull(),
    clvMinor: bigint({ mode: "number" }).notNull(),
    valueAtStakeMinor: bigint({ mode: "number" }).notNull(),
  },
  (t) => [unique("churn_score_bands_key").on(t.runId, t.storeId, t.riskBand).nullsNotDistinct()],
);

/**
 * Staff contacting an at-risk member, and what came of it: the score they acted on is copied, so the effect
 * of interventions can be read against later runs.
 */
export const churnContacts = pgTable(
  "churn_contacts",
  {
    id: uuid().primaryKey().defaultRandom(),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    /** The run whose list the contact came from. */
    runId: uuid().references(() => churnScoreRuns.id, { onDelete: "set null" }),
    churnProbability: doublePrecision(),
    valueAtStakeMinor: bigint({ mode: "number" }),
    intervention: churnIntervention(),
    contactedAt: timestamp({ withTimezone: true }).notNull(),
    contactedBy: uuid().references(() => staffUsers.id),
    outcome: churnContactOutcome(),
    outcomeAt: timestamp({ withTimezone: true }),
    outcomeBy: uuid().references(() => staffUsers.id),
    /** Free text by staff: may describe the member, so it is personal data (nulled on erasure). */
    note: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.memberId, t.contactedAt)],
);
