import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Scope } from "@/lib/auth/permissions";
import { compileLeaf, type CompileContext } from "@/lib/segments/compile";
import { parseRule } from "@/lib/segments/parse";
import { combine, leavesOf, type Condition, type RuleNode } from "@/lib/segments/rule";
import type { Db } from "../client";
import type { SegmentKind } from "../schema";
import { jsonColumn, selectRows } from "../sql";
import { isUuid, storeCondition } from "./scope";

export interface MemberSegmentCondition {
  /** Place in the rule (e.g. `all[1].any[0]`) and nesting depth, for indentation. */
  path: string;
  depth: number;
  /** Under an odd number of `not`s: the member needs the condition to fail. */
  negated: boolean;
  condition: Condition;
  /** Whether the condition itself holds for the member (before any negation above it). */
  holds: boolean;
}

export interface MemberSegment {
  id: string;
  name: string;
  kind: SegmentKind;
  /** The rule's conditions with whether each holds for the member; empty for a list-only segment. */
  conditions: MemberSegmentCondition[];
}

// PostgreSQL allows 1,664 columns in a select list; conditions are asked in chunks well below that.
const COLUMNS_PER_QUERY = 500;

/**
 * The segment of one: every active saved segment the member is in now, and for each, which of its
 * conditions hold for them. All conditions of all segments are evaluated in one query (a boolean column
 * per condition, compiled exactly as a count compiles them); membership is then the rule's combination of
 * those booleans. Null when the member is unknown or outside the caller's scope.
 */
export async function segmentsForMember(db: Db, params: { memberId: string; scope: Scope; now?: Date }): Promise<MemberSegment[] | null> {
  if (!isUuid(params.memberId)) return null;
  const [member] = await selectRows<{ erased: boolean }>(
    db,
    sql`SELECT f.status = 'erased' AS erased FROM member_features f WHERE f.member_id = ${params.memberId} AND ${storeCondition(sql`f.home_store_id`, params.scope)}`,
  );
  if (!member) return null;
  if (member.erased) return [];

  // Every segment (archived ones too: an active rule may refer to them), parsed once; a rule the catalogue
  // no longer accepts cannot be evaluated, so its segment is left out rather than guessed.
  const all = await selectRows<{ id: string; name: string; kind: SegmentKind; status: string; rule: unknown }>(
    db,
    sql`SELECT id, name, kind, status, rule FROM segments ORDER BY lower(name), id`,
  );
  const rules = new Map<string, RuleNode | null>();
  for (const s of all) {
    const raw = jsonColumn(s.rule);
    if (raw === null || raw === undefined) rules.set(s.id, null);
    else {
      const parsed = parseRule(raw);
      if (parsed.ok) rules.set(s.id, parsed.rule);
    }
  }
  const saved = all.filter((s) => s.status === "active");
  const segments = new Map([...rules].map(([id, rule]) => [id, { rule }]));
  const context: CompileContext = { now: params.now ?? new Date(), segments };

  // One boolean per condition of each rule segment, and one membership test per list segment.
  const questions: Array<{ key: string; expr: SQL }> = [];
  for (const s of saved) {
    const rule = rules.get(s.id);
    if (rule === undefined) continue;
    if (rule === null) {
      questions.push({ key: `${s.id}|list`, expr: compileLeaf({ segment: s.id }, context) });
      continue;
    }
    for (const leaf of leavesOf(rule)) {
      try {
        questions.push({ key: `${s.id}|${leaf.path}`, expr: compileLeaf(leaf.condition, context) });
      } catch {
        // A reference that no longer resolves (e.g. a cycle made by later edits) makes the condition unanswerable.
        questions.push({ key: `${s.id}|${leaf.path}`, expr: sql`false` });
      }
    }
  }
  const answers = new Map<string, boolean>();
  for (let i = 0; i < questions.length; i += COLUMNS_PER_QUERY) {
    const chunk = questions.slice(i, i + COLUMNS_PER_QUERY);
    const [row] = await selectRows<Record<string, boolean>>(
      db,
      sql`SELECT ${sql.join(chunk.map((q, j) => sql`(${q.expr}) AS ${sql.raw(`c${j}`)}`), sql`, `)} FROM member_features f WHERE f.member_id = ${params.memberId}`,
    );
    chunk.forEach((q, j) => answers.set(q.key, row?.[`c${j}`] === true));
  }

  const result: MemberSegment[] = [];
  for (const s of saved) {
    const rule = rules.get(s.id);
    if (rule === undefined) continue;
    if (rule === null) {
      if (answers.get(`${s.id}|list`)) result.push({ id: s.id, name: s.name, kind: s.kind, conditions: [] });
      continue;
    }
    const holds = (path: string) => answers.get(`${s.id}|${path}`) === true;
    if (!combine(rule, holds)) continue;
    result.push({
      id: s.id,
      name: s.name,
      kind: s.kind,
      conditions: leavesOf(rule).map((l) => ({ path: l.path, depth: l.depth, negated: l.negated, condition: l.condition, holds: holds(l.path) })),
    });
  }
  return result;
}

export interface ConditionLabels {
  stores: Record<string, string>;
  categories: Record<string, string>;
  segments: Record<string, string>;
}

/** Names for the ids and codes the conditions mention (stores, categories, segments), to word them. */
export async function conditionLabels(db: Db, conditions: readonly Condition[]): Promise<ConditionLabels> {
  const storeIds = new Set<string>();
  const codes = new Set<string>();
  const segmentIds = new Set<string>();
  for (const c of conditions) {
    if ("field" in c && c.field === "home_store" && "value" in c && Array.isArray(c.value)) for (const v of c.value) if (isUuid(String(v))) storeIds.add(String(v));
    if ("category" in c && c.category) codes.add(c.category);
    if ("segment" in c && isUuid(c.segment)) segmentIds.add(c.segment);
  }
  const [stores, categories, segments] = await Promise.all([
    storeIds.size ? selectRows<{ id: string; name: string }>(db, sql`SELECT id, name FROM stores WHERE id IN ${[...storeIds]}`) : [],
    codes.size ? selectRows<{ id: string; name: string }>(db, sql`SELECT code AS id, name FROM categories WHERE code IN ${[...codes]}`) : [],
    segmentIds.size ? selectRows<{ id: string; name: string }>(db, sql`SELECT id, name FROM segments WHERE id IN ${[...segmentIds]}`) : [],
  ]);
  const byId = (rows: Array<{ id: string; name: string }>) => Object.fromEntries(rows.map((r) => [r.id, r.name]));
  return { stores: byId(stores), categories: byId(categories), segments: byId(segments) };
}
