import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, scopeOf, storesWithinScope } from "./permissions";

describe("permission matrix", () => {
  it("lets every role view the overview and members", () => {
    for (const role of ["admin", "marketer", "store_manager"] as const) {
      expect(can(role, "overview:view")).toBe(true);
      expect(can(role, "members:view")).toBe(true);
    }
  });

  it("keeps configuration, staff and API keys to admins", () => {
    for (const permission of ["settings:view", "staff:manage", "api_keys:manage", "rules:manage", "churn:policy"] as const) {
      expect(can("admin", permission)).toBe(true);
      expect(can("marketer", permission)).toBe(false);
      expect(can("store_manager", permission)).toBe(false);
    }
  });

  it("names only known roles in every rule", () => {
    for (const roles of Object.values(PERMISSIONS)) {
      for (const role of roles) expect(["admin", "marketer", "store_manager"]).toContain(role);
    }
  });
});

describe("scope", () => {
  it("gives store managers their stores and everyone else all stores", () => {
    expect(scopeOf({ id: "u", role: "store_manager", storeIds: ["s1", "s2"] })).toEqual({ kind: "stores", storeIds: ["s1", "s2"] });
    expect(scopeOf({ id: "u", role: "marketer", storeIds: [] })).toEqual({ kind: "all" });
    expect(scopeOf({ id: "u", role: "admin", storeIds: ["s1"] })).toEqual({ kind: "all" });
  });

  it("narrows a store filter to the scope and yields nothing for a store outside it", () => {
    const manager = { kind: "stores", storeIds: ["s1", "s2"] } as const;
    expect(storesWithinScope(manager, undefined)).toEqual(manager);
    expect(storesWithinScope(manager, "s2")).toEqual({ kind: "stores", storeIds: ["s2"] });
    expect(storesWithinScope(manager, "s9")).toEqual({ kind: "stores", storeIds: [] });
    expect(storesWithinScope({ kind: "all" }, "s9")).toEqual({ kind: "stores", storeIds: ["s9"] });
  });
});
