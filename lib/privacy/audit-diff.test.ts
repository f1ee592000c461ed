import { describe, expect, it } from "vitest";
import { auditDiff } from "./audit-diff";

describe("audit diff", () => {
  it("marks each key as changed, added, removed or the same", () => {
    expect(auditDiff({ role: "store_manager", storeIds: ["a"], active: true }, { role: "marketer", storeIds: [], active: true, note: "x" })).toEqual([
      { key: "role", before: "store_manager", after: "marketer", change: "changed" },
      { key: "storeIds", before: '["a"]', after: "[]", change: "changed" },
      { key: "active", before: "true", after: "true", change: "same" },
      { key: "note", before: null, after: "x", change: "added" },
    ]);
    expect(auditDiff({ gone: 1 }, {})).toEqual([{ key: "gone", before: "1", after: null, change: "removed" }]);
  });

  it("shows an entry with only an after state as additions, and nothing for no state", () => {
    expect(auditDiff(null, { bytes: 2048 })).toEqual([{ key: "bytes", before: null, after: "2048", change: "added" }]);
    expect(auditDiff(null, null)).toEqual([]);
    expect(auditDiff(1, 2)).toEqual([{ key: "value", before: "1", after: "2", change: "changed" }]);
  });
});
