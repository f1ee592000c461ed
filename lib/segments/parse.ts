import { z } from "zod";
import { ENGAGEMENT_CHANNELS, ENGAGEMENT_TYPES, fieldByName, OPERATORS, RULE_LIMITS, SALES_CHANNELS, type FieldDef, type FieldType } from "./catalogue";
import { formatPath, type Condition, type EventCondition, type ParseResult, type Path, type RuleIssue, type RuleNode } from "./rule";

/**
 * Validation of untrusted rules (the builder, the API, stored rules after a catalogue change): zod schemas
 * per condition, dispatched by hand on the node's keys so that every issue names its place in the tree
 * (`all[2].value: ...`); a plain zod union would only say "Invalid input".
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Control characters (NUL above all) cannot be stored in PostgreSQL text, and no code or name holds them.
const CONTROL = /[\u0000-\u001f\u007f]/;

const text = z
  .string({ error: "must be text" })
  .min(1, { error: "must not be empty" })
  .max(RULE_LIMITS.textLength, { error: `must be at most ${RULE_LIMITS.textLength} characters` })
  .refine((s) => !CONTROL.test(s), { error: "must not contain control characters" });
const code = text.refine((s) => /^[A-Za-z0-9_.-]+$/.test(s), { error: "must be a code (letters, digits, _ . -)" });

function numberIn(min: number, max: number) {
  const message = `must be a number between ${min} and ${max}`;
  return z.number({ error: message }).min(min, { error: message }).max(max, { error: message });
}

function rangeIn(min: number, max: number) {
  return z
    .tuple([numberIn(min, max), numberIn(min, max)], { error: `must be two numbers [from, to] between ${min} and ${max}` })
    .refine(([a, b]) => a <= b, { error: "the first number must not be greater than the second" });
}

const isoDate = z
  .string({ error: "must be a date (YYYY-MM-DD)" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date (YYYY-MM-DD)" })
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && d.getUTCFullYear() >= 1900 && d.getUTCFullYear() <= 2200;
  }, { error: "must be a real date between 1900 and 2200" });

function opSchema(type: FieldType) {
  const ops = OPERATORS[type] as readonly string[];
  return z.string({ error: `must be one of ${ops.join(", ")}` }).refine((op) => ops.includes(op), { error: `must be one of ${ops.join(", ")}` });
}

/** The zod schema of a condition on `field`, given its operator (the operator decides the value's shape). */
function valueSchema(def: FieldDef, op: string): z.ZodType | null {
  const min = def.min ?? -Number.MAX_SAFE_INTEGER;
  const max = def.max ?? Number.MAX_SAFE_INTEGER;
  if (op === "is_null" || op === "is_not_null" || op === "is_true" || op === "is_false") return null;
  switch (def.type) {
    case "number":
    case "money":
    case "share":
      return op === "between" ? rangeIn(min, max) : numberIn(min, max);
    case "date":
      return op === "within_last" ? numberIn(min, max) : isoDate;
    case "choice": {
      const item = def.options
        ? z.string({ error: `must be one of ${def.options.join(", ")}` }).refine((v) => def.options?.includes(v), { error: `must be one of ${def.options.join(", ")}` })
        : z.string({ error: "must be an id" }).regex(UUID, { error: "must be an id" });
      return list(item);
    }
    case "text":
      return op === "in" || op === "not_in" ? list(text) : text;
    case "boolean":
      return null;
  }
}

function list(item: z.ZodType) {
  return z
    .array(item, { error: "must be a list" })
    .min(1, { error: "must hold at least one value" })
    .max(RULE_LIMITS.listValues, { error: `must hold at most ${RULE_LIMITS.listValues} values` });
}

/** Objects name an unexpected key the way field conditions do; anything else about them is "must be an object". */
const objectError = (issue: { code?: string; keys?: readonly string[] }) =>
  issue.code === "unrecognized_keys" ? `unknown key ${JSON.stringify(issue.keys?.[0])}` : "must be an object";

const eventSchema = z.strictObject(
  {
    event: z.enum(["purchase", "engagement", ...ENGAGEMENT_TYPES], { error: `must be purchase, engagement or one of ${ENGAGEMENT_TYPES.join(", ")}` }),
    did: z.boolean({ error: "must be true or false" }).optional(),
    atLeast: numberIn(1, RULE_LIMITS.eventTimes).refine(Number.isInteger, { error: "must be a whole number" }).optional(),
    withinDays: numberIn(1, RULE_LIMITS.eventDays).refine(Number.isInteger, { error: "must be a whole number" }).optional(),
    channel: z.string({ error: "must be a channel" }).optional(),
    category: code.optional(),
  },
  { error: objectError },
);

const shareSchema = z.strictObject(
  {
    category: code,
    op: opSchema("share").refine((op) => op !== "is_null" && op !== "is_not_null", { error: "must be one of gte, gt, lte, lt, eq, ne, between" }),
    value: z.unknown(),
  },
  { error: objectError },
);

interface Walk {
  issues: RuleIssue[];
  conditions: number;
}

function pushZodIssues(walk: Walk, path: Path, error: z.ZodError): void {
  for (const issue of error.issues) walk.issues.push({ path: formatPath([...path, ...(issue.path as Array<string | number>)]), message: issue.message });
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, path: Path, walk: Walk): T | null {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  pushZodIssues(walk, path, parsed.error);
  return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function parseFieldCondition(node: Record<string, unknown>, path: Path, walk: Walk): Condition | null {
  const def = typeof node.field === "string" ? fieldByName(node.field) : undefined;
  if (!def) {
    walk.issues.push({ path: formatPath([...path, "field"]), message: "must be a field of the catalogue" });
    return null;
  }
  const op = parseWith(opSchema(def.type), node.op, [...path, "op"], walk);
  if (op === null) return null;
  const extra = Object.keys(node).filter((k) => k !== "field" && k !== "op" && k !== "value");
  if (extra.length > 0) walk.issues.push({ path: formatPath(path), message: `unknown key ${JSON.stringify(extra[0])}` });
  const schema = valueSchema(def, op);
  if (schema === null) {
    if (node.value !== undefined) walk.issues.push({ path: formatPath([...path, "value"]), message: `must be left out for ${op}` });
    return extra.length > 0 || node.value !== undefined ? null : ({ field: def.name, op } as Condition);
  }
  const value = parseWith(schema, node.value, [...path, "value"], walk);
  return value === null || extra.length > 0 ? null : ({ field: def.name, op, value } as Condition);
}

function parseEvent(node: Record<string, unknown>, path: Path, walk: Walk): Condition | null {
  const parsed = parseWith(eventSchema, node, path, walk);
  if (!parsed) return null;
  const purchase = parsed.event === "purchase";
  const channels: readonly string[] = purchase ? SALES_CHANNELS : ENGAGEMENT_CHANNELS;
  if (parsed.channel !== undefined && !channels.includes(parsed.channel)) {
    walk.issues.push({ path: formatPath([...path, "channel"]), message: `must be one of ${channels.join(", ")}` });
    return null;
  }
  if (parsed.category !== undefined && !purchase) {
    walk.issues.push({ path: formatPath([...path, "category"]), message: "applies to purchases only" });
    return null;
  }
  return parsed as EventCondition;
}

function parseNode(value: unknown, path: Path, depth: number, walk: Walk): RuleNode | null {
  if (!isPlainObject(value)) {
    walk.issues.push({ path: formatPath(path), message: "must be a group ({ all }, { any }, { not }) or a condition" });
    return null;
  }
  if (depth > RULE_LIMITS.depth) {
    walk.issues.push({ path: formatPath(path), message: `groups may nest at most ${RULE_LIMITS.depth} deep` });
    return null;
  }
  const keys = Object.keys(value);
  for (const group of ["all", "any"] as const) {
    if (!(group in value)) continue;
    if (keys.length !== 1) {
      walk.issues.push({ path: formatPath(path), message: `a group has only the key "${group}"` });
      return null;
    }
    const items = value[group];
    if (!Array.isArray(items) || items.length === 0 || items.length > RULE_LIMITS.groupSize) {
      walk.issues.push({ path: formatPath([...path, group]), message: `must be a list of 1 to ${RULE_LIMITS.groupSize} conditions` });
      return null;
    }
    const children = items.map((item, i) => parseNode(item, [...path, group, i], depth + 1, walk));
    return children.every((c): c is RuleNode => c !== null) ? ({ [group]: children } as RuleNode) : null;
  }
  if ("not" in value) {
    if (keys.length !== 1) {
      walk.issues.push({ path: formatPath(path), message: 'a negation has only the key "not"' });
      return null;
    }
    const child = parseNode(value.not, [...path, "not"], depth + 1, walk);
    return child === null ? null : { not: child };
  }
  walk.conditions += 1;
  if (walk.conditions === RULE_LIMITS.conditions + 1) {
    walk.issues.push({ path: formatPath(path), message: `a rule holds at most ${RULE_LIMITS.conditions} conditions` });
  }
  if ("field" in value) return parseFieldCondition(value, path, walk);
  if ("event" in value) return parseEvent(value, path, walk);
  if ("segment" in value) {
    const schema = z.strictObject({ segment: z.string({ error: "must be a segment id" }).regex(UUID, { error: "must be a segment id" }) }, { error: objectError });
    const parsed = parseWith(schema, value, path, walk);
    return parsed;
  }
  if ("category" in value) {
    const parsed = parseWith(shareSchema, value, path, walk);
    if (!parsed) return null;
    const schema: z.ZodType<number | [number, number]> = parsed.op === "between" ? rangeIn(0, 1) : numberIn(0, 1);
    const share = parseWith(schema, parsed.value, [...path, "value"], walk);
    return share === null ? null : ({ category: parsed.category, op: parsed.op, value: share } as Condition);
  }
  walk.issues.push({ path: formatPath(path), message: "must be a group ({ all }, { any }, { not }) or a condition ({ field }, { category }, { segment }, { event })" });
  return null;
}

/** Validates an untrusted rule (parsed JSON, form input, API body). Issues name their place in the rule. */
export function parseRule(input: unknown): ParseResult {
  const walk: Walk = { issues: [], conditions: 0 };
  const rule = parseNode(input, [], 1, walk);
  if (rule === null || walk.issues.length > 0) {
    return { ok: false, issues: walk.issues.length > 0 ? walk.issues : [{ path: "", message: "is not a valid rule" }] };
  }
  return { ok: true, rule };
}

/** Parses rule text (a query parameter, a form field): JSON first, then the rule. */
export function parseRuleText(textValue: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(textValue);
  } catch {
    return { ok: false, issues: [{ path: "", message: "must be JSON" }] };
  }
  return parseRule(json);
}
