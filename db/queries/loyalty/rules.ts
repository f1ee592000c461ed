import "server-only";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { trimDecimal } from "@/lib/loyalty/money";
import type { EarningRule } from "@/lib/loyalty/rule-types";
import type { AuditActor } from "../audit";
import type { Db } from "../../client";
import { earningRules, earningRuleVersions, loyaltyPrograms } from "../../schema";

export interface EarningRuleVersionView extends EarningRule {
  programId: string;
  currentVersion: number;
  createdAt: Date;
  actorKind: AuditActor["kind"];
  actorId: string | null;
}

export type RuleVersionValues = Omit<EarningRule, "ruleId" | "version">;

const columns = {
  ruleId: earningRuleVersions.ruleId,
  version: earningRuleVersions.version,
  programId: earningRuleVersions.programId,
  currentVersion: earningRules.currentVersion,
  name: earningRuleVersions.name,
  kind: earningRuleVersions.kind,
  active: earningRuleVersions.active,
  priority: earningRuleVersions.priority,
  combine: earningRuleVersions.combine,
  rate: earningRuleVersions.rate,
  factor: earningRuleVersions.factor,
  points: earningRuleVersions.points,
  trigger: earningRuleVersions.trigger,
  capPerDay: earningRuleVersions.capPerDay,
  capPerMonth: earningRuleVersions.capPerMonth,
  startsAt: earningRuleVersions.startsAt,
  endsAt: earningRuleVersions.endsAt,
  conditions: earningRuleVersions.conditions,
  createdAt: earningRuleVersions.createdAt,
  actorKind: earningRuleVersions.actorKind,
  actorId: earningRuleVersions.actorId,
};

/** Rate and factor come back as numeric text ("2.0000"); the engine and the UI want "2". */
function tidy(row: EarningRuleVersionView): EarningRuleVersionView {
  return { ...row, rate: trimDecimal(row.rate), factor: trimDecimal(row.factor) };
}

/** Every rule of a program at its current version, archived ones included (active false). */
export async function listEarningRules(db: Db, params: { programId: string }): Promise<EarningRuleVersionView[]> {
  const rows = await db
    .select(columns)
    .from(earningRules)
    .innerJoin(earningRuleVersions, and(eq(earningRuleVersions.ruleId, earningRules.id), eq(earningRuleVersions.version, earningRules.currentVersion)))
    .where(eq(earningRules.programId, params.programId))
    .orderBy(desc(earningRuleVersions.priority), asc(earningRuleVersions.name));
  return rows.map(tidy);
}

/** A rule's versions, newest first. */
export async function listEarningRuleVersions(db: Db, params: { ruleId: string }): Promise<EarningRuleVersionView[]> {
  const rows = await db
    .select(columns)
    .from(earningRuleVersions)
    .innerJoin(earningRules, eq(earningRules.id, earningRuleVersions.ruleId))
    .where(eq(earningRuleVersions.ruleId, params.ruleId))
    .orderBy(desc(earningRuleVersions.version));
  return rows.map(tidy);
}

/** The rule's current version, its row locked against a concurrent edit. */
export async function lockEarningRule(db: Db, ruleId: string): Promise<EarningRuleVersionView | null> {
  const [rule] = await db.select({ id: earningRules.id }).from(earningRules).where(eq(earningRules.id, ruleId)).for("update");
  if (!rule) return null;
  const [current] = await listEarningRuleVersions(db, { ruleId });
  return current ?? null;
}

export async function insertEarningRule(db: Db, programId: string): Promise<string> {
  const [row] = await db.insert(earningRules).values({ programId, currentVersion: 1 }).returning({ id: earningRules.id });
  if (!row) throw new Error("earning rule insert returned nothing");
  return row.id;
}

export async function insertEarningRuleVersion(db: Db, ruleId: string, version: number, programId: string, values: RuleVersionValues, actor: AuditActor): Promise<void> {
  await db.insert(earningRuleVersions).values({
    ruleId,
    version,
    programId,
    name: values.name,
    kind: values.kind,
    active: values.active,
    priority: values.priority,
    combine: values.combine,
    rate: values.rate,
    factor: values.factor,
    points: values.points,
    trigger: values.trigger,
    capPerDay: values.capPerDay,
    capPerMonth: values.capPerMonth,
    startsAt: values.startsAt,
    endsAt: values.endsAt,
    conditions: values.conditions,
    actorKind: actor.kind,
    actorId: actor.kind === "system" ? null : actor.id,
  });
  await db.update(earningRules).set({ currentVersion: version }).where(eq(earningRules.id, ruleId));
}

/** Makes every process reload the program's configuration (see getProgramConfig). */
export async function bumpProgramRevision(db: Db, programId: string): Promise<void> {
  await db
    .update(loyaltyPrograms)
    .set({ revision: sql`${loyaltyPrograms.revision} + 1`, updatedAt: sql`now()` })
    .where(eq(loyaltyPrograms.id, programId));
}
