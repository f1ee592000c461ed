import { describe, expect, it } from "vitest";
import { engagementChannel, engagementType, memberStatus, salesChannel, uiLocale } from "@/db/schema/enums";
import { ENGAGEMENT_CHANNELS, ENGAGEMENT_TYPES, FIELDS, LOCALES, MEMBER_STATUSES, OPERATORS, RULE_LIMITS, SALES_CHANNELS } from "./catalogue";
import { COLUMNS } from "./columns";
import { parseRule } from "./parse";
import { combine, describeIssue, leavesOf, segmentRefsOf, type RuleNode } from "./rule";

const issues = (input: unknown) => {
  const parsed = parseRule(input);
  return parsed.ok ? [] : parsed.issues.map(describeIssue);
};

describe("rule parser", () => {
  it("accepts a nested rule of every kind of condition and keeps it as given", () => {
    const rule = {
      all: [
        { field: "spend_90d", op: "gt", value: 20_000 },
        { any: [{ field: "city", op: "in", value: ["Berlin", "Lund"] }, { not: { field: "has_email", op: "is_false" } }] },
        { category: "coffee", op: "between", value: [0.2, 0.8] },
        { segment: "0b5a6f3e-2c1d-4e8f-9a7b-1c2d3e4f5a6b" },
        { event: "purchase", channel: "online", did: false },
        { event: "app_open", withinDays: 30, atLeast: 2 },
        { field: "joined_at", op: "before", value: "2024-02-29" },
      ],
    };
    expect(parseRule(rule)).toEqual({ ok: true, rule });
  });

  it("names the place of every problem in one pass", () => {
    expect(
      issues({
        all: [
          { field: "purchases", op: "gte", value: -1 },
          { any: [{ field: "city", op: "in", value: [] }] },
          { event: "purchase", channel: "email" },
          { field: "joined_at", op: "after", value: "2025-02-30" },
          { field: "status", op: "in", value: ["erased"] },
          { field: "home_store", op: "in", value: ["not-an-id"] },
        ],
      }),
    ).toEqual([
      "all[0].value: must be a number between 0 and 1000000",
      "all[1].any[0].value: must hold at least one value",
      "all[2].channel: must be one of pos, online, app",
      "all[3].value: must be a real date between 1900 and 2200",
      "all[4].value[0]: must be one of active, inactive",
      "all[5].value[0]: must be an id",
    ]);
  });

  it("refuses unknown keys, values where none belong, and groups mixed with conditions", () => {
    expect(issues({ field: "purchases", op: "gt", value: 1, extra: true })).toEqual(['unknown key "extra"']);
    expect(issues({ field: "has_email", op: "is_true", value: true })).toEqual(["value: must be left out for is_true"]);
    expect(issues({ all: [{ field: "purchases", op: "gt", value: 1 }], field: "x" })).toEqual(['a group has only the key "all"']);
    expect(issues({ event: "purchase", when: "now" })).toEqual([expect.stringMatching(/when/)]);
  });

  it(`limits depth to ${RULE_LIMITS.depth} and conditions to ${RULE_LIMITS.conditions}`, () => {
    let deep: RuleNode = { field: "purchases", op: "gt", value: 1 };
    for (let i = 0; i < RULE_LIMITS.depth; i++) deep = { not: deep };
    expect(issues(deep)).toEqual([expect.stringMatching(/nest at most 8 deep/)]);
    const many = { any: Array.from({ length: 50 }, () => ({ all: [{ field: "purchases", op: "gt", value: 1 }, { field: "returns", op: "gt", value: 1 }, { field: "returns", op: "gt", value: 1 }] })) };
    expect(issues(many)).toEqual([expect.stringMatching(/at most 100 conditions/)]);
  });

  it("lists conditions with their paths, depth and negation, and combines their truth like SQL does", () => {
    const rule: RuleNode = { all: [{ field: "purchases", op: "gt", value: 1 }, { not: { any: [{ segment: "0b5a6f3e-2c1d-4e8f-9a7b-1c2d3e4f5a6b" }, { field: "city", op: "eq", value: "Oslo" }] } }] };
    expect(leavesOf(rule).map((l) => [l.path, l.depth, l.negated])).toEqual([
      ["all[0]", 1, false],
      ["all[1].not.any[0]", 3, true],
      ["all[1].not.any[1]", 3, true],
    ]);
    expect(segmentRefsOf(rule)).toEqual(["0b5a6f3e-2c1d-4e8f-9a7b-1c2d3e4f5a6b"]);
    expect(combine(rule, (p) => p === "all[0]")).toBe(true);
    expect(combine(rule, (p) => p === "all[0]" || p === "all[1].not.any[1]")).toBe(false);
  });
});

describe("field catalogue", () => {
  it("maps every field to a column, and every field type to operators", () => {
    expect(Object.keys(COLUMNS).sort()).toEqual(FIELDS.map((f) => f.name).sort());
    for (const f of FIELDS) expect(OPERATORS[f.type].length).toBeGreaterThan(0);
    expect(new Set(FIELDS.map((f) => f.name)).size).toBe(FIELDS.length);
  });

  it("lists the same channels, event types, languages and statuses as the database enums (it cannot import them: the UI uses it)", () => {
    expect([...ENGAGEMENT_CHANNELS]).toEqual(engagementChannel.enumValues);
    expect([...ENGAGEMENT_TYPES]).toEqual(engagementType.enumValues);
    expect([...SALES_CHANNELS]).toEqual(salesChannel.enumValues);
    expect([...LOCALES]).toEqual(uiLocale.enumValues);
    expect([...MEMBER_STATUSES]).toEqual(memberStatus.enumValues.filter((s) => s !== "erased"));
  });
});
