import { fieldByName, type FieldDef } from "./catalogue";
import type { Condition, FieldCondition } from "./rule";

/**
 * A condition in words, in the UI language: "Spend, last 90 days more than €200.00". Pure: the caller
 * passes a translator scoped to the `segments` namespace and formatters for the locale, so the member 360
 * card (server) and the builder (client) word conditions the same way.
 */
export interface DescribeTools {
  t: (key: string, values?: Record<string, string | number>) => string;
  number: (value: number) => string;
  percent: (share: number) => string;
  money: (minor: number) => string;
  /** A calendar day, YYYY-MM-DD. */
  day: (isoDay: string) => string;
  storeName: (id: string) => string;
  categoryName: (code: string) => string;
  segmentName: (id: string) => string;
}

function formatValue(def: FieldDef, value: unknown, tools: DescribeTools): string {
  if (typeof value === "string") {
    if (def.name === "home_store") return tools.storeName(value);
    if (def.name === "language" || def.name === "status") return tools.t(`options.${def.name}.${value}`);
    if (def.type === "date") return tools.day(value);
    return value;
  }
  const n = value as number;
  switch (def.unit) {
    case "minor":
      return tools.money(n);
    case "share":
      return tools.percent(n);
    case "weekday":
      return Number.isInteger(n) && n >= 1 && n <= 7 ? tools.t(`weekdays.${n}`) : tools.number(n);
    default:
      return tools.number(n);
  }
}

function describeField(c: FieldCondition, tools: DescribeTools): string {
  const def = fieldByName(c.field);
  if (!def) return c.field;
  const field = tools.t(`fields.${def.name}`);
  const value = "value" in c ? c.value : undefined;
  if (c.op === "between") {
    const [from, to] = value as [number, number];
    return tools.t("ops.between", { field, from: formatValue(def, from, tools), to: formatValue(def, to, tools) });
  }
  if (c.op === "in" || c.op === "not_in") return tools.t(`ops.${c.op}`, { field, values: (value as string[]).map((v) => formatValue(def, v, tools)).join(", ") });
  if (c.op === "within_last") return tools.t("ops.within_last", { field, days: value as number });
  if (value === undefined) return tools.t(`ops.${c.op}`, { field });
  return tools.t(`ops.${c.op}`, { field, value: formatValue(def, value, tools) });
}

export function describeCondition(c: Condition, tools: DescribeTools): string {
  if ("field" in c) return describeField(c, tools);
  if ("segment" in c) return tools.t("inSegment", { name: tools.segmentName(c.segment) });
  if (!("event" in c)) {
    const field = tools.t("categoryShare", { category: tools.categoryName(c.category) });
    if (c.op === "between") return tools.t("ops.between", { field, from: tools.percent(c.value[0]), to: tools.percent(c.value[1]) });
    return tools.t(`ops.${c.op}`, { field, value: tools.percent(c.value) });
  }
  const details = [
    c.channel ? tools.t(c.event === "purchase" ? `salesChannels.${c.channel}` : `engagementChannels.${c.channel}`) : null,
    c.category ? tools.categoryName(c.category) : null,
  ].filter((d): d is string => d !== null);
  const name = tools.t(`events.${c.event}`);
  const event = details.length > 0 ? tools.t("eventWithDetails", { event: name, details: details.join(", ") }) : name;
  const times = c.atLeast ?? 1;
  const did = c.did !== false;
  if (c.withinDays === undefined) return tools.t(did ? "eventDid" : "eventDidNot", { event, times });
  return tools.t(did ? "eventDidWithin" : "eventDidNotWithin", { event, times, days: c.withinDays });
}
