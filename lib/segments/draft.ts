import { fieldByName, OPERATORS, type FieldDef } from "./catalogue";
import { formatPath, type Condition, type EventName, type Path, type RuleNode } from "./rule";

/**
 * The builder's editing state: the rule tree as the user sees it, with what they typed. Values are kept as
 * typed, in the units shown (money in major units, shares in percent), and become a rule only when
 * complete, so a half-filled condition never blocks the count of the others. Pure, so it is tested
 * without a browser and the builder stays a thin layer of inputs over it.
 */

export type DraftKind = "field" | "category" | "segment" | "event";
export type Join = "all" | "any";

export interface DraftCondition {
  type: "condition";
  id: string;
  /** Under a NOT: the member needs the condition to fail. */
  negated: boolean;
  kind: DraftKind;
  /** A catalogue field (kind field). */
  field: string;
  /** The operator of a field or category-share condition. */
  op: string;
  /** The value as typed: a number in the shown unit, a date, text (a list: comma-separated). */
  value: string;
  /** The upper end of "between". */
  value2: string;
  /** The options chosen for a choice field. */
  values: string[];
  /** Category code of a share condition, or of a purchase event. */
  category: string;
  segment: string;
  event: EventName;
  did: boolean;
  /** Blank: once. */
  atLeast: string;
  /** Blank: ever. */
  withinDays: string;
  /** Blank: any channel. */
  channel: string;
}

export interface DraftGroup {
  type: "group";
  id: string;
  negated: boolean;
  join: Join;
  children: DraftNode[];
}

export type DraftNode = DraftCondition | DraftGroup;

export function newCondition(id: string, kind: DraftKind = "field"): DraftCondition {
  return { type: "condition", id, negated: false, kind, field: "", op: kind === "category" ? "gte" : "", value: "", value2: "", values: [], category: "", segment: "", event: "purchase", did: true, atLeast: "", withinDays: "", channel: "" };
}

export function newGroup(id: string, join: Join = "all", children: DraftNode[] = []): DraftGroup {
  return { type: "group", id, negated: false, join, children };
}

/** A condition switched to another field: the field type's first operator, values cleared. */
export function withField(c: DraftCondition, field: string): DraftCondition {
  const def = fieldByName(field);
  return { ...c, kind: "field", field, op: def ? OPERATORS[def.type][0] : "", value: "", value2: "", values: [] };
}

// --- Values: typed text <-> rule values -------------------------------------------------------------------

/** A number as typed in any of the UI languages: "1234.5", "1234,5", "-3"; null when it is not one. */
export function parseDecimal(text: string): number | null {
  const t = text.trim().replace(/\s/g, "").replace(",", ".");
  return /^-?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : null;
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** Money typed in major units becomes minor units (every program currency has two decimals). */
const MINOR_PER_MAJOR = 100;

function toRuleNumber(def: Pick<FieldDef, "type">, text: string): number | null {
  const n = parseDecimal(text);
  if (n === null) return null;
  if (def.type === "money") return Math.round(n * MINOR_PER_MAJOR);
  if (def.type === "share") return round(n / 100, 6);
  return n;
}

function fromRuleNumber(def: Pick<FieldDef, "type">, value: number): string {
  if (def.type === "money") return String(round(value / MINOR_PER_MAJOR, 2));
  if (def.type === "share") return String(round(value * 100, 4));
  return String(value);
}

const SHARE: Pick<FieldDef, "type"> = { type: "share" };
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const NO_VALUE = new Set(["is_null", "is_not_null", "is_true", "is_false"]);

const splitList = (text: string) =>
  text
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v.length > 0);

function fieldCondition(d: DraftCondition): Condition | null {
  const def = fieldByName(d.field);
  if (!def || !(OPERATORS[def.type] as readonly string[]).includes(d.op)) return null;
  const { field, op } = d;
  if (NO_VALUE.has(op)) return { field, op } as Condition;
  if (op === "between") {
    const a = toRuleNumber(def, d.value);
    const b = toRuleNumber(def, d.value2);
    return a === null || b === null ? null : { field, op, value: [a, b] };
  }
  if (def.type === "choice") return d.values.length > 0 ? { field, op: op as "in", value: d.values } : null;
  if (def.type === "text") {
    if (op === "in" || op === "not_in") {
      const values = splitList(d.value);
      return values.length > 0 ? { field, op, value: values } : null;
    }
    return d.value.trim() ? ({ field, op, value: d.value.trim() } as Condition) : null;
  }
  if (def.type === "date" && op !== "within_last") return DAY.test(d.value.trim()) ? ({ field, op, value: d.value.trim() } as Condition) : null;
  const n = def.type === "date" ? parseDecimal(d.value) : toRuleNumber(def, d.value);
  return n === null ? null : ({ field, op, value: n } as Condition);
}

/** The condition a draft stands for; null while it is incomplete (nothing chosen or typed yet). */
export function conditionOf(d: DraftCondition): Condition | null {
  switch (d.kind) {
    case "field":
      return fieldCondition(d);
    case "segment":
      return d.segment ? { segment: d.segment } : null;
    case "category": {
      if (!d.category) return null;
      if (d.op === "between") {
        const a = toRuleNumber(SHARE, d.value);
        const b = toRuleNumber(SHARE, d.value2);
        return a === null || b === null ? null : { category: d.category, op: "between", value: [a, b] };
      }
      const n = toRuleNumber(SHARE, d.value);
      return n === null ? null : ({ category: d.category, op: d.op, value: n } as Condition);
    }
    case "event": {
      const c: Record<string, unknown> = { event: d.event };
      if (!d.did) c.did = false;
      for (const key of ["atLeast", "withinDays"] as const) {
        if (!d[key].trim()) continue;
        const n = parseDecimal(d[key]);
        if (n === null) return null;
        c[key] = n;
      }
      if (d.channel) c.channel = d.channel;
      if (d.category && d.event === "purchase") c.category = d.category;
      return c as unknown as Condition;
    }
  }
}

// --- Tree <-> rule --------------------------------------------------------------------------------------

export interface BuiltRule {
  /** Null while no condition is complete. */
  rule: RuleNode | null;
  /** Where each node landed in the rule (`all[1].not`), to put an error about a place on its node. */
  paths: Array<{ path: string; id: string }>;
  /** Conditions left out because they are not complete. */
  incomplete: string[];
}

export function buildRule(root: DraftGroup): BuiltRule {
  const out: BuiltRule = { rule: null, paths: [], incomplete: [] };
  const build = (node: DraftNode, path: Path): RuleNode | null => {
    const inner: Path = node.negated ? [...path, "not"] : path;
    let built: RuleNode | null;
    if (node.type === "condition") {
      built = conditionOf(node);
      if (built === null) out.incomplete.push(node.id);
    } else {
      const children: RuleNode[] = [];
      for (const child of node.children) {
        const c = build(child, [...inner, node.join, children.length]);
        if (c !== null) children.push(c);
      }
      built = children.length > 0 ? ({ [node.join]: children } as RuleNode) : null;
    }
    if (built === null) return null;
    out.paths.push({ path: formatPath(path), id: node.id });
    if (node.negated) out.paths.push({ path: formatPath(inner), id: node.id });
    return node.negated ? { not: built } : built;
  };
  out.rule = build(root, []);
  return out;
}

function draftOfCondition(c: Condition, id: string, negated: boolean): DraftCondition {
  const d = { ...newCondition(id), negated };
  if ("segment" in c) return { ...d, kind: "segment", segment: c.segment };
  if ("event" in c) {
    return {
      ...d,
      kind: "event",
      event: c.event,
      did: c.did !== false,
      atLeast: c.atLeast === undefined ? "" : String(c.atLeast),
      withinDays: c.withinDays === undefined ? "" : String(c.withinDays),
      channel: c.channel ?? "",
      category: c.category ?? "",
    };
  }
  if ("category" in c) {
    const [a, b] = Array.isArray(c.value) ? c.value : [c.value, undefined];
    return { ...d, kind: "category", category: c.category, op: c.op, value: fromRuleNumber(SHARE, a), value2: b === undefined ? "" : fromRuleNumber(SHARE, b) };
  }
  const def = fieldByName(c.field);
  const base = { ...d, kind: "field" as const, field: c.field, op: c.op };
  if (!def || !("value" in c)) return base;
  const v: unknown = c.value;
  if (c.op === "between") {
    const [a, b] = v as [number, number];
    return { ...base, value: fromRuleNumber(def, a), value2: fromRuleNumber(def, b) };
  }
  if (Array.isArray(v)) return def.type === "choice" ? { ...base, values: v as string[] } : { ...base, value: (v as string[]).join(", ") };
  if (typeof v === "number") return { ...base, value: def.type === "date" ? String(v) : fromRuleNumber(def, v) };
  return { ...base, value: String(v) };
}

/** The editing tree of a saved rule; the root is always a group (a lone condition is wrapped in "all"). */
export function draftFromRule(rule: RuleNode, makeId: () => string): DraftGroup {
  const from = (node: RuleNode, negated: boolean): DraftNode => {
    if ("not" in node) return from(node.not, !negated);
    if ("all" in node || "any" in node) {
      const join: Join = "all" in node ? "all" : "any";
      const children = "all" in node ? node.all : node.any;
      return { ...newGroup(makeId(), join, children.map((c) => from(c, false))), negated };
    }
    return draftOfCondition(node, makeId(), negated);
  };
  const root = from(rule, false);
  return root.type === "group" ? root : newGroup(makeId(), "all", [root]);
}

/** The node an issue's path names (`all[2].value` -> the condition at all[2]): the deepest node on its path. */
export function nodeAtPath(paths: BuiltRule["paths"], issuePath: string): string | undefined {
  let best: { path: string; id: string } | undefined;
  for (const p of paths) {
    const on = p.path === "" || issuePath === p.path || issuePath.startsWith(`${p.path}.`) || issuePath.startsWith(`${p.path}[`);
    if (on && (!best || p.path.length > best.path.length)) best = p;
  }
  return best?.id;
}

// --- Tree edits (immutable) -----------------------------------------------------------------------------

function mapTree(node: DraftNode, fn: (n: DraftNode) => DraftNode | null): DraftNode | null {
  const mapped = fn(node);
  if (mapped === null || mapped.type === "condition") return mapped;
  return { ...mapped, children: mapped.children.map((c) => mapTree(c, fn)).filter((c): c is DraftNode => c !== null) };
}

export function updateNode(root: DraftGroup, id: string, change: (n: DraftNode) => DraftNode): DraftGroup {
  return mapTree(root, (n) => (n.id === id ? change(n) : n)) as DraftGroup;
}

export function removeNode(root: DraftGroup, id: string): DraftGroup {
  if (root.id === id) return { ...root, children: [] };
  return mapTree(root, (n) => (n.id === id ? null : n)) as DraftGroup;
}

export function addChild(root: DraftGroup, groupId: string, child: DraftNode): DraftGroup {
  return updateNode(root, groupId, (g) => (g.type === "group" ? { ...g, children: [...g.children, child] } : g));
}

/**
 * Puts a node into a new group of its own, joined the other way from its parent (a condition inside
 * "all" becomes "any of: ..."), so the user can add alternatives next to it.
 */
export function groupNode(root: DraftGroup, id: string, groupId: string): DraftGroup {
  let done = false; // the new group holds the node too: wrap it once
  return mapTree(root, (n) => {
    if (done || n.type !== "group" || !n.children.some((c) => c.id === id)) return n;
    done = true;
    return { ...n, children: n.children.map((c) => (c.id === id ? newGroup(groupId, n.join === "all" ? "any" : "all", [c]) : c)) };
  }) as DraftGroup;
}

/** Conditions in the tree (complete or not): the builder limits them as the rule language does. */
export function countConditions(node: DraftNode): number {
  return node.type === "condition" ? 1 : node.children.reduce((n, c) => n + countConditions(c), 0);
}
