import { describe, expect, it } from "vitest";
import { parseOverviewSearch, presetRange } from "./range";

const STORE = "7d9f3c1e-2b4a-4c5d-8e6f-0a1b2c3d4e5f";
const context = { today: "2026-03-15", allowedStoreIds: [STORE] };

describe("overview presets (today = 2026-03-15)", () => {
  it("last 30 days is 2026-02-14..2026-03-15 (30 days, both ends included)", () => {
    expect(presetRange("30d", "2026-03-15")).toEqual({ from: "2026-02-14", to: "2026-03-15" });
  });

  it("last 90 days is 2025-12-16..2026-03-15", () => {
    expect(presetRange("90d", "2026-03-15")).toEqual({ from: "2025-12-16", to: "2026-03-15" });
  });

  it("last 12 months starts the day after the same day a year ago; from a 29 February, on 1 March", () => {
    expect(presetRange("12m", "2026-03-15")).toEqual({ from: "2025-03-16", to: "2026-03-15" });
    expect(presetRange("12m", "2028-02-29")).toEqual({ from: "2027-03-01", to: "2028-02-29" });
  });

  it("year to date starts on 1 January", () => {
    expect(presetRange("ytd", "2026-03-15")).toEqual({ from: "2026-01-01", to: "2026-03-15" });
  });
});

describe("overview search parameters", () => {
  it("defaults to the last 90 days and the whole scope", () => {
    expect(parseOverviewSearch({}, context)).toEqual({ preset: "90d", from: "2025-12-16", to: "2026-03-15" });
  });

  it("takes valid dates without a preset as a custom range, with a store in scope", () => {
    expect(parseOverviewSearch({ from: "2026-01-01", to: "2026-01-31", store: STORE }, context)).toEqual({
      preset: "custom",
      from: "2026-01-01",
      to: "2026-01-31",
      storeId: STORE,
    });
  });

  it("lets a preset win over dates sent with it", () => {
    expect(parseOverviewSearch({ range: "30d", from: "2026-01-01", to: "2026-01-31" }, context)).toMatchObject({ preset: "30d", from: "2026-02-14" });
  });

  it("falls back to the default for malformed, reversed or overlong ranges, field by field", () => {
    const fallback = { preset: "90d", from: "2025-12-16", to: "2026-03-15" };
    expect(parseOverviewSearch({ from: "2026-13-45", to: "yesterday", store: "\u0000", range: "forever" }, context)).toEqual(fallback);
    expect(parseOverviewSearch({ from: "2026-02-30", to: "2026-03-01" }, context)).toEqual(fallback);
    expect(parseOverviewSearch({ from: "2026-03-01", to: "2026-02-01" }, context)).toEqual(fallback);
    expect(parseOverviewSearch({ from: "2000-01-01", to: "2026-01-01" }, context)).toEqual(fallback);
    expect(parseOverviewSearch({ from: ["2026-01-01", "x"], to: "2026-01-02", store: STORE }, context)).toMatchObject({ preset: "custom", storeId: STORE });
  });

  it("drops a store the viewer cannot pick", () => {
    expect(parseOverviewSearch({ store: "00000000-0000-4000-8000-000000000000" }, context).storeId).toBeUndefined();
  });
});
