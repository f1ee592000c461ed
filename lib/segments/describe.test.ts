import { readFileSync } from "node:fs";
import path from "node:path";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { ENGAGEMENT_TYPES, FIELDS, OPERATORS } from "./catalogue";
import { describeCondition, type DescribeTools } from "./describe";
import type { Condition } from "./rule";

const messages = JSON.parse(readFileSync(path.join(process.cwd(), "messages/en/segments.json"), "utf8")) as Record<string, unknown>;
const t = createTranslator({ locale: "en", messages: { segments: messages }, namespace: "segments" });
const tools: DescribeTools = {
  t: (key, values) => t(key as never, values as never),
  number: (n) => new Intl.NumberFormat("en").format(n),
  percent: (s) => new Intl.NumberFormat("en", { style: "percent" }).format(s),
  money: (minor) => new Intl.NumberFormat("en", { style: "currency", currency: "EUR" }).format(minor / 100),
  day: (d) => d,
  storeName: () => "Berlin Mitte",
  categoryName: () => "Coffee",
  segmentName: () => "Regulars",
};
const words = (c: Condition) => describeCondition(c, tools);

describe("conditions in words", () => {
  it("words the builder's example and the other kinds of condition in English", () => {
    expect(words({ field: "spend_90d", op: "gt", value: 20_000 })).toBe("Spend, last 90 days more than €200.00");
    expect(words({ event: "purchase", channel: "online", did: false })).toBe("Purchase (online): never");
    expect(words({ event: "app_open", withinDays: 30 })).toBe("App opened: at least once in the last 30 days");
    expect(words({ event: "email_open", atLeast: 3, withinDays: 1, did: false })).toBe("E-mail opened: fewer than 3 times in the last day");
    expect(words({ category: "coffee", op: "gte", value: 0.25 })).toBe("Share of spend in Coffee at least 25%");
    expect(words({ field: "home_store", op: "in", value: ["x"] })).toBe("Home store is one of Berlin Mitte");
    expect(words({ field: "usual_weekday", op: "eq", value: 6 })).toBe("Usual shopping day is Saturday");
    expect(words({ field: "age", op: "between", value: [25, 45] })).toBe("Age between 25 and 45");
    expect(words({ field: "last_purchase_at", op: "within_last", value: 7 })).toBe("Last purchase in the last 7 days");
    expect(words({ segment: "x" })).toBe("Member of “Regulars”");
  });

  it("has an English label for every field, operator and event", () => {
    const fields = messages.fields as Record<string, string>;
    const ops = messages.ops as Record<string, string>;
    const events = messages.events as Record<string, string>;
    for (const f of FIELDS) expect(fields[f.name], f.name).toBeTruthy();
    for (const op of new Set(Object.values(OPERATORS).flat())) expect(ops[op], op).toBeTruthy();
    for (const e of ["purchase", "engagement", ...ENGAGEMENT_TYPES]) expect(events[e], e).toBeTruthy();
  });
});
