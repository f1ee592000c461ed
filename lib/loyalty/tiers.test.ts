import { describe, expect, it } from "vitest";
import type { TierDefinition } from "./rule-types";
import { qualifiedTier, reviewTarget, tierProgress, upgradeTarget, windowStart } from "./tiers";

const tiers: TierDefinition[] = [
  { id: "member", name: "Member", rank: 0, threshold: 0, earningFactor: "1" },
  { id: "silver", name: "Silver", rank: 1, threshold: 300, earningFactor: "1.25" },
  { id: "gold", name: "Gold", rank: 2, threshold: 1000, earningFactor: "1.5" },
];

describe("tier qualification", () => {
  it("299 points qualify for Member, 300 for Silver, 1,000 for Gold", () => {
    expect(qualifiedTier(tiers, 299)?.id).toBe("member");
    expect(qualifiedTier(tiers, 300)?.id).toBe("silver");
    expect(qualifiedTier(tiers, 1000)?.id).toBe("gold");
  });

  it("upgrades at once and never downgrades on earning", () => {
    expect(upgradeTarget(tiers, "member", 300)?.id).toBe("silver");
    expect(upgradeTarget(tiers, "gold", 300)).toBeNull();
    expect(upgradeTarget(tiers, null, 0)?.id).toBe("member");
  });

  it("a review of a Gold member with 250 points: to_qualified → Member, one_step → Silver, never → Gold", () => {
    expect(reviewTarget(tiers, "gold", 250, "to_qualified")?.id).toBe("member");
    expect(reviewTarget(tiers, "gold", 250, "one_step")?.id).toBe("silver");
    expect(reviewTarget(tiers, "gold", 250, "never")?.id).toBe("gold");
    expect(reviewTarget(tiers, "silver", 1200, "one_step")?.id).toBe("gold");
  });

  it("progress: a Silver member with 640 points needs 360 more for Gold; Gold has no next tier", () => {
    expect(tierProgress(tiers, "silver", 640)).toMatchObject({ current: { id: "silver" }, next: { id: "gold" }, toGo: 360 });
    expect(tierProgress(tiers, "gold", 1500)).toMatchObject({ next: null, toGo: null });
  });

  it("a 12-month window ending in March 2026 starts in April 2025", () => {
    expect(windowStart("2026-03-01", 12)).toBe("2025-04-01");
    expect(windowStart("2026-01-01", 1)).toBe("2026-01-01");
  });
});
