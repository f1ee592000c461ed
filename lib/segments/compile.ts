import { sql, type SQL } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { fieldByName, RULE_LIMITS, type FieldName } from "./catalogue";
import { COLUMNS, type ColumnSpec } from "./columns";
import { describeIssue, type CategoryShareCondition, type Condition, type EventCondition, type FieldCondition, type RuleNode } from "./rule";
import { DAY_MS } from "../time";

/**
 * Compiles a validated rule (rule.ts) to one SQL boolean expression over member_features, alias `f`.
 * Values are always parameters; identifiers come only from columns.ts. Event conditions that features
 * answer exactly (did purchase in the last N days = last_purchase_at in range) use them; the others become
 * EXISTS over receipts or events.
 *
 * Missing values: a condition about a missing value is false, and NOT is plain negation. A comparison with
 * NULL gives NULL, which WHERE treats as false; that is right wherever a condition sits under an even number
 * of NOTs (AND and OR are monotone, so an unknown that counts as false cannot make the whole true). Under an
 * odd number it would be wrong (NOT NULL is NULL, but the condition's negation must hold), so only there a
 * condition on a nullable column gets `col IS NOT NULL AND ...`. Elsewhere the guard is left out: it adds
 * nothing, and PostgreSQL, taking it for an independent filter, would underestimate the rows and pick
 * worse plans.
 */

export interface SavedRule {
  /** The segment's rule, or null when its membership is the stored list in segment_members. */
  rule: RuleNode | null;
  name?: string;
}

export interface CompileContext {
  /** "Now" of the count: windows ("in the last 30 days") and day counts end here. */
  now: Date;
  /**
   * The program's time zone: dates in conditions are program-local days. Absent: the query reads it
   * itself (`sales_daily_tz()`, evaluated once per statement), which saves a round trip.
   */
  timeZone?: string;
  /** Saved segments the rule may refer to (directly or through other segments), by lower-case id. */
  segments: ReadonlyMap<string, SavedRule>;
}

export function ruleError(path: string, message: string): AppError {
  const text = describeIssue({ path, message });
  return new AppError("invalid_input", text, { rule: [text] });
}

const ts = (date: Date) => sql`${date.toISOString()}::timestamptz`;

/** The program time zone as SQL: the given name, or the program's setting read by the statement itself. */
export function timeZoneSql(ctx: Pick<CompileContext, "timeZone">): SQL {
  return ctx.timeZone === undefined ? sql`(SELECT sales_daily_tz())` : sql`${ctx.timeZone}::text`;
}
const daysAgo = (now: Date, days: number) => ts(new Date(now.getTime() - days * DAY_MS));
const featureColumn = (name: string) => sql.raw(`f.${name}`);
/** A field's column: in member_features `f`, or, for predictions, in the member's member_predictions row `p` (see compileField). */
const column = (spec: ColumnSpec) => sql.raw(`${spec.kind === "column" && spec.table === "predictions" ? "p" : "f"}.${spec.column}`);

/**
 * A value compared by whole units: `atLeast(k)` is the condition "value >= k" for an integer k; `known` is
 * "the value is not missing" (what "≠ 2.5" comes to, as no whole number equals 2.5).
 */
interface Ordinal {
  atLeast(k: number): SQL;
  known: SQL;
}

function ordinalFor(spec: ColumnSpec, ctx: CompileContext): Ordinal | null {
  const known = sql`${column(spec)} IS NOT NULL`;
  if (spec.kind === "days_since") return { known, atLeast: (k) => sql`${column(spec)} <= ${daysAgo(ctx.now, k)}` };
  if (spec.kind === "years_since") {
    const today = sql`(${ctx.now.toISOString()}::timestamptz AT TIME ZONE ${timeZoneSql(ctx)})::date`;
    return { known, atLeast: (k) => sql`${column(spec)} <= (${today} - make_interval(years => ${k}::int))::date` };
  }
  if (spec.type === "int" || spec.type === "bigint") return { known, atLeast: (k) => sql`${column(spec)} >= ${k}::bigint` };
  return null;
}

/** Each result mentions the column, so a missing value gives NULL (never a constant true). */
function ordinalCompare(o: Ordinal, op: string, value: number | [number, number]): SQL {
  const not = (s: SQL) => sql`NOT (${s})`;
  const eq = (v: number) => (Number.isInteger(v) ? sql`(${o.atLeast(v)} AND ${not(o.atLeast(v + 1))})` : sql`false`);
  switch (op) {
    case "gt":
      return o.atLeast(Math.floor(value as number) + 1);
    case "gte":
      return o.atLeast(Math.ceil(value as number));
    case "lt":
      return not(o.atLeast(Math.ceil(value as number)));
    case "lte":
      return not(o.atLeast(Math.floor(value as number) + 1));
    case "eq":
      return eq(value as number);
    case "ne":
      return Number.isInteger(value) ? not(eq(value as number)) : o.known;
    default: {
      const [a, b] = value as [number, number];
      return sql`(${o.atLeast(Math.ceil(a))} AND ${not(o.atLeast(Math.floor(b) + 1))})`;
    }
  }
}

const SQL_OPS: Record<string, string> = { eq: "=", ne: "<>", gt: ">", gte: ">=", lt: "<", lte: "<=" };

function realCompare(target: SQL, op: string, value: number | [number, number]): SQL {
  if (op === "between") {
    const [a, b] = value as [number, number];
    return sql`${target} BETWEEN ${a}::float8 AND ${b}::float8`;
  }
  return sql`${target} ${sql.raw(SQL_OPS[op] ?? "=")} ${value as number}::float8`;
}

function likePattern(value: string, prefixOnly: boolean): string {
  const escaped = value.replace(/[\\%_]/g, (c) => `\\${c}`);
  return prefixOnly ? `${escaped}%` : `%${escaped}%`;
}

function valueList(values: readonly string[], type: ColumnSpec & { kind: "column" }): SQL {
  const cast = type.type === "uuid" ? sql`::uuid` : sql`::text`;
  return sql.join(
    values.map((v) => sql`${v}${cast}`),
    sql`, `,
  );
}

/**
 * A condition on a field. Predictions live in member_predictions, one row per member who has one: the
 * condition holds when the member's row exists and its value satisfies it, as one EXISTS (a semi-join with
 * that narrow table, which has no index but its key: see memberPredictions). No row and a null value are
 * both a missing value, so the EXISTS is false for them at any depth of NOT, as a guarded column condition
 * is (no guard needed).
 */
function compileField(c: FieldCondition, ctx: CompileContext, negated: boolean): SQL {
  const spec = COLUMNS[c.field as FieldName];
  if (spec?.kind !== "column" || spec.table !== "predictions") return compileFieldOf(spec, c, ctx, negated);
  const row = (condition: SQL) => sql`EXISTS (SELECT 1 FROM member_predictions p WHERE p.member_id = f.member_id AND ${condition})`;
  if (c.op === "is_null") return sql`NOT ${row(sql`${column(spec)} IS NOT NULL`)}`;
  return row(compileFieldOf(spec, c, ctx, false));
}

function compileFieldOf(spec: ColumnSpec | undefined, c: FieldCondition, ctx: CompileContext, negated: boolean): SQL {
  const def = fieldByName(c.field);
  if (!spec || !def) throw ruleError("field", "must be a field of the catalogue");
  const target = column(spec);
  const isNull = sql`${target} IS NULL`;
  if (c.op === "is_null") return isNull;
  if (c.op === "is_not_null") return sql`${target} IS NOT NULL`;
  const nullable = spec.kind === "years_since" || spec.nullable;
  const guard = (expr: SQL) => (nullable && negated ? sql`(${target} IS NOT NULL AND ${expr})` : sql`(${expr})`);
  if (c.op === "is_true") return guard(target);
  if (c.op === "is_false") return guard(sql`NOT ${target}`);
  const ordinal = ordinalFor(spec, ctx);
  const value = (c as { value: unknown }).value;
  switch (def.type) {
    case "number":
    case "money":
    case "share":
      return guard(ordinal ? ordinalCompare(ordinal, c.op, value as number) : realCompare(target, c.op, value as number));
    case "date": {
      if (c.op === "within_last") return guard(sql`${target} >= ${daysAgo(ctx.now, value as number)}`);
      const day = sql`${value as string}::date`;
      const midnight = (d: SQL) => sql`(${d}::timestamp AT TIME ZONE ${timeZoneSql(ctx)})`;
      return guard(c.op === "before" ? sql`${target} < ${midnight(day)}` : sql`${target} >= ${midnight(sql`(${day} + 1)`)}`);
    }
    case "choice":
    case "text": {
      if (spec.kind !== "column") throw ruleError("field", "has no text column");
      const typed = spec.type === "enum" ? sql`${target}::text` : target;
      switch (c.op) {
        case "in":
          return guard(sql`${typed} IN (${valueList(value as string[], spec)})`);
        case "not_in":
          return guard(sql`${typed} NOT IN (${valueList(value as string[], spec)})`);
        case "eq":
          return guard(sql`${typed} = ${value as string}::text`);
        case "ne":
          return guard(sql`${typed} <> ${value as string}::text`);
        case "contains":
        case "starts_with":
          return guard(sql`${typed} ILIKE ${likePattern(value as string, c.op === "starts_with")}::text`);
      }
      throw ruleError("op", "is not an operator of this field");
    }
    case "boolean":
      throw ruleError("op", "must be is_true or is_false");
  }
}

/**
 * A category's share for a member: 0 when they bought but not in that category, no value (condition false)
 * when they have no sale-line spend. Rows exist only for positive shares, so a condition that holds at 0
 * ("share below 10%") is "has spend and no row where it fails".
 */
function compileCategoryShare(c: CategoryShareCondition): SQL {
  const holds = (share: number) =>
    c.op === "between" ? share >= c.value[0] && share <= c.value[1] : { eq: share === c.value, ne: share !== c.value, gt: share > c.value, gte: share >= c.value, lt: share < c.value, lte: share <= c.value }[c.op];
  const predicate = realCompare(sql`x.share`, c.op, c.value);
  const rows = (p: SQL) => sql`SELECT 1 FROM member_category_features x
     WHERE x.member_id = f.member_id AND x.category_id = (SELECT id FROM categories WHERE code = ${c.category}::text) AND ${p}`;
  if (!holds(0)) return sql`EXISTS (${rows(predicate)})`;
  return sql`(f.line_sales_minor > 0 AND NOT EXISTS (${rows(sql`NOT (${predicate})`)}))`;
}

/** "At least n rows": EXISTS for one, else a count that stops reading after n. */
function atLeastRows(rows: SQL, n: number): SQL {
  return n === 1 ? sql`EXISTS (${rows})` : sql`(SELECT count(*) FROM (${rows} LIMIT ${n}::int) x) >= ${n}::int`;
}

function compileEvent(e: EventCondition, ctx: CompileContext, negated: boolean): SQL {
  const n = e.atLeast ?? 1;
  // "Did not" is a negation of its own: the shortcut's time must not be missing when one NOT applies.
  const guarded = negated !== (e.did === false);
  const since_ = (col: SQL, since: SQL) => (guarded ? sql`(${col} IS NOT NULL AND ${col} >= ${since})` : sql`${col} >= ${since}`);
  const since = e.withinDays === undefined ? null : daysAgo(ctx.now, e.withinDays);
  const window = (col: string) => (since ? sql` AND ${sql.raw(col)} >= ${since} AND ${sql.raw(col)} < ${ts(ctx.now)}` : sql``);
  let holds: SQL;
  if (e.event === "purchase") {
    if (!e.category && !since) {
      holds = sql`${featureColumn(e.channel ? `purchases_${e.channel}` : "purchases")} >= ${n}::int`;
    } else if (!e.category && !e.channel && n === 1 && since) {
      holds = since_(sql`f.last_purchase_at`, since);
    } else {
      const channel = e.channel ? sql` AND t.channel = ${e.channel}::text::sales_channel` : sql``;
      const category = e.category
        ? sql` AND EXISTS (SELECT 1 FROM transaction_lines l LEFT JOIN products p ON p.id = l.product_id
                WHERE l.transaction_id = t.id
                  AND coalesce(l.category_id, p.category_id) = (SELECT id FROM categories WHERE code = ${e.category}::text))`
        : sql``;
      holds = atLeastRows(sql`SELECT 1 FROM transactions t WHERE t.member_id = f.member_id AND t.kind = 'sale'${window("t.occurred_at")}${channel}${category}`, n);
    }
  } else {
    const last = e.event === "engagement" ? "last_engagement_at" : `last_${e.event}_at`;
    if (!e.channel && n === 1) {
      holds = since ? since_(featureColumn(last), since) : sql`${featureColumn(last)} IS NOT NULL`;
    } else {
      const type = e.event === "engagement" ? sql`` : sql` AND e.type = ${e.event}::text::engagement_type`;
      const channel = e.channel ? sql` AND e.channel = ${e.channel}::text::engagement_channel` : sql``;
      holds = atLeastRows(sql`SELECT 1 FROM engagement_events e WHERE e.member_id = f.member_id${window("e.occurred_at")}${type}${channel}`, n);
    }
  }
  return e.did === false ? sql`NOT ${holds}` : holds;
}

/** `negated`: the node sits under an odd number of NOTs (see the comment at the top). */
function compileNode(node: RuleNode, ctx: CompileContext, stack: readonly string[], negated: boolean): SQL {
  if ("all" in node) return sql`(${sql.join(node.all.map((c) => compileNode(c, ctx, stack, negated)), sql` AND `)})`;
  if ("any" in node) return sql`(${sql.join(node.any.map((c) => compileNode(c, ctx, stack, negated)), sql` OR `)})`;
  if ("not" in node) return sql`(NOT ${compileNode(node.not, ctx, stack, !negated)})`;
  return compileCondition(node, ctx, stack, negated);
}

function compileCondition(c: Condition, ctx: CompileContext, stack: readonly string[], negated: boolean): SQL {
  if ("field" in c) return compileField(c, ctx, negated);
  if ("event" in c) return compileEvent(c, ctx, negated);
  if ("category" in c) return compileCategoryShare(c);
  const id = c.segment.toLowerCase();
  const saved = ctx.segments.get(id);
  if (!saved) throw ruleError("segment", `no segment ${id}`);
  if (stack.includes(id)) throw ruleError("segment", "segments refer to each other in a cycle");
  if (stack.length >= RULE_LIMITS.segmentDepth) throw ruleError("segment", `segments may refer to segments at most ${RULE_LIMITS.segmentDepth} deep`);
  if (saved.rule === null) return sql`EXISTS (SELECT 1 FROM segment_members sm WHERE sm.segment_id = ${id}::uuid AND sm.member_id = f.member_id)`;
  return compileNode(saved.rule, ctx, [...stack, id], negated);
}

/**
 * The rule as one SQL boolean over member_features `f`. `self` names the segment being compiled (when it is
 * a saved one), so a rule that refers back to it is refused as a cycle.
 */
export function compileRule(rule: RuleNode, ctx: CompileContext, self?: string): SQL {
  return compileNode(rule, ctx, self ? [self.toLowerCase()] : [], false);
}

/**
 * One condition alone, as a definite boolean (for the segment of one: which conditions hold for a member;
 * it is read as a column, where NULL would not mean false by itself).
 */
export function compileLeaf(condition: Condition, ctx: CompileContext): SQL {
  return sql`coalesce(${compileCondition(condition, ctx, [], false)}, false)`;
}
