import "server-only";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { resolveProgramId } from "@/db/queries/loyalty/config";
import {
  bumpProgramRevision,
  insertEarningRule,
  insertEarningRuleVersion,
  lockEarningRule,
  type EarningRuleVersionView,
  type RuleVersionValues,
} from "@/db/queries/loyalty/rules";
import type { LoyaltyContext } from "./context";
import { LoyaltyError, parseInput } from "./errors";
import { earningRuleInput, type EarningRuleValues } from "./rule-schemas";

/**
 * Earning rule administration. Rules are versioned: creating writes version 1, every edit (archiving
 * included) writes the next version, and versions never change (a trigger refuses it), so each ledger entry
 * keeps citing the exact rule that made its points. Each change is audited in its own transaction and bumps
 * the program's revision so every process reloads its rules.
 */

function versionValues(input: EarningRuleValues): RuleVersionValues {
  return {
    name: input.name,
    kind: input.kind,
    active: input.active,
    priority: input.priority,
    combine: input.combine,
    rate: input.rate ?? null,
    factor: input.factor ?? null,
    points: input.points ?? null,
    trigger: input.trigger ?? null,
    capPerDay: input.capPerDay ?? null,
    capPerMonth: input.capPerMonth ?? null,
    startsAt: input.startsAt ? new Date(input.startsAt) : null,
    endsAt: input.endsAt ? new Date(input.endsAt) : null,
    conditions: input.conditions,
  };
}

/** The audit log's picture of a version: its values, without bookkeeping columns. */
function snapshot(ruleId: string, version: number, values: RuleVersionValues) {
  return { ruleId, version, ...values };
}

export interface RuleChange {
  ruleId: string;
  version: number;
}

export async function createEarningRule(db: Db, input: unknown, ctx: LoyaltyContext): Promise<RuleChange> {
  const values = versionValues(parseInput(earningRuleInput, input));
  const programId = await resolveProgramId(db, ctx.programId);
  return db.transaction(async (tx) => {
    const ruleId = await insertEarningRule(tx, programId);
    await insertEarningRuleVersion(tx, ruleId, 1, programId, values, ctx.actor);
    await bumpProgramRevision(tx, programId);
    await recordAudit(tx, { actor: ctx.actor, action: "earning_rule.create", entityType: "earning_rule", entityId: ruleId, after: snapshot(ruleId, 1, values) });
    return { ruleId, version: 1 };
  });
}

function currentValues(current: EarningRuleVersionView): RuleVersionValues {
  const { ruleId: _r, version: _v, programId: _p, currentVersion: _c, createdAt: _t, actorKind: _k, actorId: _a, ...values } = current;
  return values;
}

async function writeVersion(db: Db, ruleId: string, ctx: LoyaltyContext, action: string, change: (current: RuleVersionValues) => RuleVersionValues): Promise<RuleChange> {
  return db.transaction(async (tx) => {
    const current = await lockEarningRule(tx, ruleId);
    if (!current) throw new LoyaltyError("unknown_rule", `no earning rule ${ruleId}`);
    const before = currentValues(current);
    const after = change(before);
    const version = current.version + 1;
    await insertEarningRuleVersion(tx, ruleId, version, current.programId, after, ctx.actor);
    await bumpProgramRevision(tx, current.programId);
    await recordAudit(tx, {
      actor: ctx.actor,
      action,
      entityType: "earning_rule",
      entityId: ruleId,
      before: snapshot(ruleId, current.version, before),
      after: snapshot(ruleId, version, after),
    });
    return { ruleId, version };
  });
}

/** Replaces the rule's definition with `input` as a new version. */
export async function updateEarningRule(db: Db, ruleId: string, input: unknown, ctx: LoyaltyContext): Promise<RuleChange> {
  const values = versionValues(parseInput(earningRuleInput, input));
  return writeVersion(db, ruleId, ctx, "earning_rule.update", (current) => {
    if (current.kind !== values.kind) throw new LoyaltyError("invalid_input", "kind: a rule keeps its kind; create a new rule instead", { kind: ["cannot change"] });
    return values;
  });
}

/** Archives (false) or restores (true) a rule, as a new version. */
export async function setEarningRuleActive(db: Db, ruleId: string, active: boolean, ctx: LoyaltyContext): Promise<RuleChange> {
  return writeVersion(db, ruleId, ctx, active ? "earning_rule.restore" : "earning_rule.archive", (current) => ({ ...current, active }));
}
