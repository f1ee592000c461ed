import type { ENGAGEMENT_TYPES } from "./catalogue";

/**
 * The segment rule language: a JSON tree shared by the builder UI, the API and the stored segments.
 *
 *   node      = { all: node[] } | { any: node[] } | { not: node } | condition
 *   condition = { field, op, value? }                          a feature or profile field (catalogue.ts)
 *             | { category, op, value }                        share of sale-line spend in a category (code)
 *             | { segment }                                    member of another saved segment
 *             | { event, did?, atLeast?, withinDays?, channel?, category? }
 *                                                             did / did not do something at least N times
 *
 * A condition about a missing value (no purchase yet, city not given) is false; `not` is plain negation,
 * so `{ not: { field: "avg_basket", op: "gt", value: 5000 } }` includes members who never bought.
 */

export type NumberOp = "eq" | "ne" | "gt" | "gte" | "lt" | "lte";
export type FieldCondition =
  | { field: string; op: NumberOp; value: number }
  | { field: string; op: "between"; value: [number, number] }
  | { field: string; op: "in" | "not_in"; value: string[] }
  | { field: string; op: "eq" | "ne" | "contains" | "starts_with"; value: string }
  | { field: string; op: "before" | "after"; value: string }
  | { field: string; op: "within_last"; value: number }
  | { field: string; op: "is_null" | "is_not_null" | "is_true" | "is_false" };
export type CategoryShareCondition =
  | { category: string; op: NumberOp; value: number }
  | { category: string; op: "between"; value: [number, number] };
export type SegmentCondition = { segment: string };
export type EventName = "purchase" | "engagement" | (typeof ENGAGEMENT_TYPES)[number];
export interface EventCondition {
  event: EventName;
  /** false: did not do it (at least `atLeast` times in the window). Default true. */
  did?: boolean;
  atLeast?: number;
  /** The last N days up to now; absent: ever. */
  withinDays?: number;
  /** A sales channel for purchases, an engagement channel otherwise. */
  channel?: string;
  /** A category code; purchases only. */
  category?: string;
}
export type Condition = FieldCondition | CategoryShareCondition | SegmentCondition | EventCondition;
export type RuleNode = { all: RuleNode[] } | { any: RuleNode[] } | { not: RuleNode } | Condition;

export interface RuleIssue {
  /** Where in the rule, e.g. `all[2].value`; empty for the rule itself. */
  path: string;
  message: string;
}

export type ParseResult = { ok: true; rule: RuleNode } | { ok: false; issues: RuleIssue[] };

export type Path = ReadonlyArray<string | number>;

export function formatPath(path: Path): string {
  return path.reduce<string>((out, part) => (typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${part}` : part), "");
}

/** "all[2].value: must be ..." — the one-line form of an issue. */
export function describeIssue(issue: RuleIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

export function isGroup(node: RuleNode): node is { all: RuleNode[] } | { any: RuleNode[] } | { not: RuleNode } {
  return "all" in node || "any" in node || "not" in node;
}

export interface Leaf {
  /** Place in the rule, e.g. `all[1].not`. */
  path: string;
  /** Groups and negations above it. */
  depth: number;
  /** Under an odd number of `not`s: the member needs the condition to fail. */
  negated: boolean;
  condition: Condition;
}

/** Every condition of a rule with its path (the order the builder shows them). */
export function leavesOf(node: RuleNode, path: Path = []): Leaf[] {
  if ("all" in node) return node.all.flatMap((c, i) => leavesOf(c, [...path, "all", i]));
  if ("any" in node) return node.any.flatMap((c, i) => leavesOf(c, [...path, "any", i]));
  if ("not" in node) return leavesOf(node.not, [...path, "not"]);
  const nots = path.filter((p) => p === "not").length;
  return [{ path: formatPath(path), depth: path.filter((p) => typeof p === "number" || p === "not").length, negated: nots % 2 === 1, condition: node }];
}

/** The ids of the saved segments a rule refers to directly. */
export function segmentRefsOf(node: RuleNode): string[] {
  return leavesOf(node).flatMap((l) => ("segment" in l.condition ? [l.condition.segment.toLowerCase()] : []));
}

/** Evaluates the tree given each condition's truth (by path), the way the compiled SQL combines them. */
export function combine(node: RuleNode, holds: (path: string) => boolean, path: Path = []): boolean {
  if ("all" in node) return node.all.every((c, i) => combine(c, holds, [...path, "all", i]));
  if ("any" in node) return node.any.some((c, i) => combine(c, holds, [...path, "any", i]));
  if ("not" in node) return !combine(node.not, holds, [...path, "not"]);
  return holds(formatPath(path));
}
