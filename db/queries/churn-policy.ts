import "server-only";
import { desc, eq, sql, type SQL } from "drizzle-orm";
import { savePolicyInput } from "@/lib/churn/policy";
import { AppError, isUniqueViolation, zodFieldErrors } from "@/lib/errors";
import { DEFAULT_INTERVENTION_POLICY, policyWarnings, type InterventionRule, type PolicyWarning } from "@/lib/models/churn/interventions";
import type { Db } from "../client";
import { churnInterventionPolicies, staffUsers } from "../schema";
import { selectRows } from "../sql";
import { recordAudit, type AuditActor } from "./audit";
import { latestScoreRun } from "./churn-at-risk";

/**
 * The churn intervention policy (docs/churn.md, "Reasons and interventions"): versions admins save, the one
 * in force (the highest version; the built-in default, version 0, while none is saved), and a preview of
 * how many members of the latest score run each rule would catch.
 */

export interface PolicyVersion {
  /** 0: the built-in default (nothing saved yet). */
  version: number;
  rules: InterventionRule[];
  /** Null for the built-in default. */
  createdAt: Date | null;
  createdByName: string | null;
}

const BUILT_IN: PolicyVersion = { version: 0, rules: [...DEFAULT_INTERVENTION_POLICY], createdAt: null, createdByName: null };

const versionColumns = {
  version: churnInterventionPolicies.version,
  rules: churnInterventionPolicies.rules,
  createdAt: churnInterventionPolicies.createdAt,
  createdByName: staffUsers.name,
};

function selectVersions(db: Db) {
  return db.select(versionColumns).from(churnInterventionPolicies).leftJoin(staffUsers, eq(staffUsers.id, churnInterventionPolicies.createdBy));
}

/** The policy in force: the highest saved version, else the built-in default. Pass the transaction that uses it. */
export async function interventionPolicyInForce(db: Db): Promise<PolicyVersion> {
  const [row] = await selectVersions(db).orderBy(desc(churnInterventionPolicies.version)).limit(1);
  return row ?? BUILT_IN;
}

/** One version (0: the built-in default); null when there is no such version. */
export async function getInterventionPolicy(db: Db, params: { version: number }): Promise<PolicyVersion | null> {
  if (params.version === 0) return BUILT_IN;
  const [row] = await selectVersions(db).where(eq(churnInterventionPolicies.version, params.version));
  return row ?? null;
}

export interface PolicyVersionSummary {
  version: number;
  ruleCount: number;
  createdAt: Date | null;
  createdByName: string | null;
}

/** The saved versions, newest first, then the built-in default they started from. */
export async function listInterventionPolicyVersions(db: Db, params: { limit?: number } = {}): Promise<PolicyVersionSummary[]> {
  const rows = await db
    .select({ ...versionColumns, ruleCount: sql<number>`jsonb_array_length(${churnInterventionPolicies.rules})::int` })
    .from(churnInterventionPolicies)
    .leftJoin(staffUsers, eq(staffUsers.id, churnInterventionPolicies.createdBy))
    .orderBy(desc(churnInterventionPolicies.version))
    .limit(params.limit ?? 50);
  const saved = rows.map(({ version, ruleCount, createdAt, createdByName }) => ({ version, ruleCount, createdAt, createdByName }));
  return [...saved, { version: 0, ruleCount: BUILT_IN.rules.length, createdAt: null, createdByName: null }];
}

/** `{ baseVersion, rules }` checked, or invalid_input naming each bad field as `rules.<n>.<field>`. */
export function parsePolicyInput(input: unknown): { baseVersion: number; rules: InterventionRule[] } {
  const parsed = savePolicyInput.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors = zodFieldErrors(parsed.error);
  throw new AppError("invalid_input", `Please check: ${Object.keys(fieldErrors).join(", ")}.`, fieldErrors);
}

/** Rule by rule, field by field (jsonb does not keep the order of an object's keys). */
function sameRules(a: readonly InterventionRule[], b: readonly InterventionRule[]): boolean {
  const key = (r: InterventionRule) => JSON.stringify([r.reasons ?? null, r.minRisk ?? 0, r.minValueRank ?? 0, r.intervention]);
  return a.length === b.length && a.every((rule, i) => key(rule) === key(b[i] as InterventionRule));
}

export interface SavePolicyResult {
  version: number;
  /** False when the rules equal the version in force (nothing is written). */
  created: boolean;
  warnings: PolicyWarning[];
}

/**
 * Saves the rules as the next version, audited with the version before and after, in one transaction; the
 * next score run uses it. Refused whole (nothing written): invalid rules (invalid_input, naming the field),
 * and an edit of an older version than the one in force, when someone saved in between (conflict).
 */
export async function saveInterventionPolicy(db: Db, params: { input: unknown; actor: AuditActor }): Promise<SavePolicyResult> {
  const { baseVersion, rules } = parsePolicyInput(params.input);
  const warnings = policyWarnings(rules);
  try {
    return await db.transaction(async (tx) => {
      const inForce = await interventionPolicyInForce(tx);
      const current = { version: inForce.version, rules: inForce.rules };
      if (current.version !== baseVersion) {
        throw new AppError("conflict", `The policy was changed meanwhile (now version ${current.version}); reload the page and edit that version.`);
      }
      if (sameRules(current.rules, rules)) return { version: current.version, created: false, warnings };
      const version = current.version + 1;
      const [row] = await tx
        .insert(churnInterventionPolicies)
        .values({ version, rules, createdBy: params.actor.kind === "staff" ? params.actor.id : null })
        .returning({ id: churnInterventionPolicies.id });
      await recordAudit(tx, {
        actor: params.actor,
        action: "churn.policy_update",
        entityType: "churn_intervention_policy",
        entityId: row?.id,
        before: current,
        after: { version, rules },
      });
      return { version, created: true, warnings };
    });
  } catch (error) {
    // Two saves from the same version at once: the unique version lets one through.
    if (isUniqueViolation(error)) throw new AppError("conflict", "Someone saved the policy at the same moment; reload the page and try again.");
    throw error;
  }
}

export interface PolicyPreview {
  runId: string;
  asOf: Date;
  /** Members scored by the run, and those in the high and very high bands (the at-risk list's default). */
  scored: number;
  atRisk: number;
  /** Per rule, in order: the members it would be the first to match. */
  rules: Array<{ members: number; atRisk: number }>;
  /** Members no rule matches (no suggested action). */
  unmatched: { members: number; atRisk: number };
}

/** A rule as a condition on the preview's columns (reason, p, vr), as suggestIntervention reads it. */
function ruleCondition(rule: InterventionRule): SQL {
  const parts: SQL[] = [];
  if (rule.reasons) parts.push(sql`reason = ANY(${`{${rule.reasons.join(",")}}`}::text[])`);
  if (rule.minRisk) parts.push(sql`p >= ${rule.minRisk}::float8`);
  if (rule.minValueRank) parts.push(sql`vr >= ${rule.minValueRank}::float8`);
  return parts.length > 0 ? sql.join(parts, sql` AND `) : sql`true`;
}

/**
 * How many members of the latest finished score run each rule would be the first to match, counted in one
 * SQL statement (the policy as a CASE). The value rank is percent_rank() over value at stake (unknown as
 * -1), which is exactly valueRanks' start / (n - 1), so the counts equal what the run would assign (tested).
 * Program-wide: only roles without a store scope see it. Null when no run has finished.
 */
export async function previewInterventionPolicy(db: Db, params: { rules: readonly InterventionRule[] }): Promise<PolicyPreview | null> {
  const run = await latestScoreRun(db);
  if (!run) return null;
  const cases = params.rules.map((rule, i) => sql`WHEN ${ruleCondition(rule)} THEN ${i}::int`);
  const matched = cases.length > 0 ? sql`CASE ${sql.join(cases, sql` `)} ELSE -1 END` : sql`-1`;
  const rows = await selectRows<{ rule: number; members: number; at_risk: number }>(
    db,
    sql`WITH s AS (
          SELECT churn_probability AS p, reasons->0->>'kind' AS reason, risk_band IN ('high', 'very_high') AS at_risk,
                 percent_rank() OVER (ORDER BY coalesce(value_at_stake_minor::float8, -1)) AS vr
            FROM churn_member_scores WHERE run_id = ${run.id})
        SELECT (${matched})::int AS rule, count(*)::int AS members, (count(*) FILTER (WHERE at_risk))::int AS at_risk
          FROM s GROUP BY 1`,
  );
  const counts = params.rules.map(() => ({ members: 0, atRisk: 0 }));
  const unmatched = { members: 0, atRisk: 0 };
  for (const row of rows) {
    const into = counts[row.rule] ?? unmatched;
    into.members += row.members;
    into.atRisk += row.at_risk;
  }
  const scored = rows.reduce((n, r) => n + r.members, 0);
  const atRisk = rows.reduce((n, r) => n + r.at_risk, 0);
  return { runId: run.id, asOf: run.asOf, scored, atRisk, rules: counts, unmatched };
}
