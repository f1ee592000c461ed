import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Scope } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { RULE_LIMITS } from "@/lib/segments/catalogue";
import { compileRule, ruleError, type CompileContext, type SavedRule } from "@/lib/segments/compile";
import { parseRule } from "@/lib/segments/parse";
import { describeIssue, leavesOf, segmentRefsOf, type RuleNode } from "@/lib/segments/rule";
import type { Db } from "../client";
import { jsonColumn, selectRows } from "../sql";
import { storeCondition } from "./scope";

/** Members a segment can hold: not erased, and within the caller's scope (home store, as in db/queries/members.ts). */
export function memberBase(scope: Scope): SQL {
  return sql`f.status <> 'erased' AND ${storeCondition(sql`f.home_store_id`, scope)}`;
}

/** A rule that may be invalid (it comes from outside): parsed, or an invalid_input error naming the place. */
export function requireRule(input: unknown): RuleNode {
  const parsed = parseRule(input);
  if (parsed.ok) return parsed.rule;
  const messages = parsed.issues.map(describeIssue);
  throw new AppError("invalid_input", messages.join("; "), { rule: messages });
}

/**
 * Loads every saved segment a rule refers to, directly or through other segments (breadth first, at most
 * RULE_LIMITS.segmentDepth levels), so the compiler can inline their rules. A stored rule is parsed again:
 * the catalogue may have changed since it was saved.
 */
export async function loadReferencedSegments(db: Db, rule: RuleNode): Promise<Map<string, SavedRule>> {
  const found = new Map<string, SavedRule>();
  let pending = segmentRefsOf(rule);
  for (let level = 0; pending.length > 0 && level <= RULE_LIMITS.segmentDepth; level++) {
    const ids = [...new Set(pending)].filter((id) => !found.has(id));
    if (ids.length === 0) break;
    const rows = await selectRows<{ id: string; name: string; rule: unknown }>(db, sql`SELECT id, name, rule FROM segments WHERE id IN ${ids}`);
    pending = [];
    for (const row of rows) {
      if (row.rule === null || row.rule === undefined) {
        found.set(row.id, { rule: null, name: row.name });
        continue;
      }
      const parsed = parseRule(jsonColumn(row.rule));
      if (!parsed.ok) throw ruleError("segment", `the rule of segment "${row.name}" is no longer valid: ${parsed.issues.map(describeIssue).join("; ")}`);
      found.set(row.id, { rule: parsed.rule, name: row.name });
      pending.push(...segmentRefsOf(parsed.rule));
    }
  }
  return found;
}

export async function programTimeZone(db: Db): Promise<string> {
  const [row] = await selectRows<{ tz: string }>(db, sql`SELECT sales_daily_tz() AS tz`);
  return row?.tz ?? "UTC";
}

export interface PreparedRule {
  /** The rule as SQL over member_features `f` (without base or scope). */
  condition: SQL;
  context: CompileContext;
}

/** Whether a condition needs the program's calendar (ages, dates before or after a day). */
function usesCalendar(rules: Iterable<RuleNode | null>): boolean {
  for (const rule of rules) {
    if (rule === null) continue;
    for (const { condition } of leavesOf(rule)) {
      if ("field" in condition && (condition.field === "age" || condition.op === "before" || condition.op === "after")) return true;
    }
  }
  return false;
}

/**
 * Everything a query needs to use a rule: referenced segments loaded (no query when there are none) and
 * compiled. The program's time zone is read only when a condition needs it (ages, before/after a day), and
 * then passed as a value: PostgreSQL estimates `birth_date <= <date>` well, but not against a subquery.
 */
export async function prepareRule(db: Db, rule: RuleNode, options: { now?: Date; self?: string } = {}): Promise<PreparedRule> {
  const segments = segmentRefsOf(rule).length > 0 ? await loadReferencedSegments(db, rule) : new Map<string, SavedRule>();
  const timeZone = usesCalendar([rule, ...[...segments.values()].map((s) => s.rule)]) ? await programTimeZone(db) : undefined;
  const context: CompileContext = { now: options.now ?? new Date(), segments, timeZone };
  return { condition: compileRule(rule, context, options.self), context };
}
