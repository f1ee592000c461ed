import { describe, expect, it } from "vitest";
import { addChild, buildRule, conditionOf, draftFromRule, groupNode, newCondition, newGroup, nodeAtPath, parseDecimal, removeNode, updateNode, withField, type DraftCondition, type DraftGroup } from "./draft";
import { parseRule } from "./parse";
import type { RuleNode } from "./rule";

const ids = () => {
  let n = 0;
  return () => `n${++n}`;
};

const field = (id: string, name: string, op: string, value = "", extra: Partial<DraftCondition> = {}): DraftCondition => ({ ...withField(newCondition(id), name), op, value, ...extra });

describe("builder drafts", () => {
  it("reads numbers typed in any UI language: 1234.5, 1234,5, -3 and rejects 12a", () => {
    expect([parseDecimal("1234.5"), parseDecimal("1234,5"), parseDecimal(" -3 "), parseDecimal("12a"), parseDecimal("")]).toEqual([1234.5, 1234.5, -3, null, null]);
  });

  it("turns money typed in major units into minor units (200 -> 20000, 19,99 -> 1999) and percent into shares (12.5 -> 0.125)", () => {
    expect(conditionOf(field("a", "spend_90d", "gt", "200"))).toEqual({ field: "spend_90d", op: "gt", value: 20_000 });
    expect(conditionOf(field("a", "avg_basket", "lte", "19,99"))).toEqual({ field: "avg_basket", op: "lte", value: 1_999 });
    expect(conditionOf(field("a", "share_online", "gte", "12.5"))).toEqual({ field: "share_online", op: "gte", value: 0.125 });
    expect(conditionOf(field("a", "purchases", "between", "2", { value2: "5" }))).toEqual({ field: "purchases", op: "between", value: [2, 5] });
    expect(conditionOf(field("a", "last_app_open_at", "within_last", "30"))).toEqual({ field: "last_app_open_at", op: "within_last", value: 30 });
    expect(conditionOf(field("a", "city", "in", "Berlin, Lund ,"))).toEqual({ field: "city", op: "in", value: ["Berlin", "Lund"] });
    expect(conditionOf(field("a", "has_email", "is_true"))).toEqual({ field: "has_email", op: "is_true" });
  });

  it("builds the doc's example from three conditions: spend over 200 in 90 days, never online, app opened in 30 days", () => {
    const root = newGroup("root", "all", [
      field("c1", "spend_90d", "gt", "200"),
      { ...newCondition("c2", "event"), event: "purchase", channel: "online", did: false },
      { ...newCondition("c3", "event"), event: "app_open", withinDays: "30" },
    ]);
    const built = buildRule(root);
    expect(built.rule).toEqual({
      all: [
        { field: "spend_90d", op: "gt", value: 20_000 },
        { event: "purchase", did: false, channel: "online" },
        { event: "app_open", withinDays: 30 },
      ],
    });
    expect(parseRule(built.rule).ok).toBe(true);
    expect(built.incomplete).toEqual([]);
  });

  it("leaves out incomplete conditions and empty groups, and names each node's place in what is left", () => {
    const root = newGroup("root", "all", [
      newCondition("blank"),
      field("c1", "purchases", "gte", "2"),
      newGroup("g-empty", "any", [field("half", "purchases", "between", "1")]),
      { ...newGroup("g", "any", [field("c2", "city", "eq", "Berlin"), { ...field("c3", "has_email", "is_true"), negated: true }]), negated: true },
    ]);
    const built = buildRule(root);
    expect(built.rule).toEqual({ all: [{ field: "purchases", op: "gte", value: 2 }, { not: { any: [{ field: "city", op: "eq", value: "Berlin" }, { not: { field: "has_email", op: "is_true" } }] } }] });
    expect(built.incomplete.sort()).toEqual(["blank", "half"]);
    expect(nodeAtPath(built.paths, "all[0].value")).toBe("c1");
    expect(nodeAtPath(built.paths, "all[1].not.any[1].not.op")).toBe("c3");
    expect(nodeAtPath(built.paths, "all[1].not.any")).toBe("g");
    expect(nodeAtPath(built.paths, "")).toBe("root");
    expect(buildRule(newGroup("r", "all", [newCondition("x")])).rule).toBeNull();
  });

  it("reads a saved rule back into the same rule, NOTs on their nodes, double NOTs cancelled", () => {
    const rule: RuleNode = {
      any: [
        { all: [{ field: "net_spend", op: "between", value: [5_000, 25_050] }, { not: { field: "status", op: "in", value: ["inactive"] } }] },
        { not: { not: { category: "books", op: "gte", value: 0.2 } } },
        { event: "purchase", atLeast: 3, withinDays: 90, category: "coffee" },
        { segment: "6f1c2a34-1111-4a2b-9c3d-0123456789ab" },
        { field: "joined_at", op: "after", value: "2025-01-31" },
        { field: "tier", op: "not_in", value: ["gold", "silver"] },
      ],
    };
    const draft = draftFromRule(rule, ids());
    expect(draft.join).toBe("any");
    expect(buildRule(draft).rule).toEqual({ ...rule, any: rule.any.map((n, i) => (i === 1 ? { category: "books", op: "gte", value: 0.2 } : n)) });
    // A lone condition gets a group around it.
    expect(draftFromRule({ field: "purchases", op: "gt", value: 1 }, ids())).toMatchObject({ type: "group", join: "all", children: [{ field: "purchases" }] });
  });

  it("edits the tree: add, update, group with the opposite join, remove", () => {
    let root: DraftGroup = newGroup("root");
    root = addChild(root, "root", field("c1", "purchases", "gte", "1"));
    root = groupNode(root, "c1", "g1");
    expect(root.children[0]).toMatchObject({ type: "group", id: "g1", join: "any", children: [{ id: "c1" }] });
    root = addChild(root, "g1", field("c2", "purchases_app", "gte", "1"));
    root = updateNode(root, "c2", (n) => ({ ...n, negated: true }));
    expect(buildRule(root).rule).toEqual({ all: [{ any: [{ field: "purchases", op: "gte", value: 1 }, { not: { field: "purchases_app", op: "gte", value: 1 } }] }] });
    root = removeNode(root, "c1");
    expect(buildRule(root).rule).toEqual({ all: [{ any: [{ not: { field: "purchases_app", op: "gte", value: 1 } }] }] });
  });
});
