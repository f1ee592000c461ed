import { describe, expect, it } from "vitest";
import { matrixFromRows } from "./matrix";
import { profileClusters, type ProfiledFeature } from "./profile";

const FEATURES: ProfiledFeature[] = [
  { key: "onlineShare", label: { key: "onlineShare" }, transform: "identity", family: "channel", high: { key: "online" }, low: null },
  { key: "averageBasketMinor", label: { key: "averageBasketMinor" }, transform: "identity", family: "basket", high: { key: "bigBaskets" }, low: { key: "smallBaskets" } },
];

describe("profile cards", () => {
  // Cluster 0: three online members with baskets of 10.00; cluster 1: one in-store member with a basket of 50.00.
  const raw = matrixFromRows([
    [1, 1000],
    [1, 1000],
    [1, 1000],
    [0, 5000],
  ]);
  const cards = profileClusters(raw, [0, 0, 0, 1], 2, FEATURES);

  it("give each cluster its size and share: 3 of 4 members (75%) and 1 of 4 (25%)", () => {
    expect(cards.map((c) => [c.cluster, c.size, c.share])).toEqual([
      [0, 3, 0.75],
      [1, 1, 0.25],
    ]);
  });

  it("set the cluster mean beside all members' mean: online share 1 vs 0.75, basket 1,000 vs 2,000 minor units", () => {
    const online = cards[0]?.features.find((f) => f.feature === "onlineShare");
    expect([online?.clusterMean, online?.overallMean]).toEqual([1, 0.75]);
    const basket = cards[1]?.features.find((f) => f.feature === "averageBasketMinor");
    expect([basket?.clusterMean, basket?.overallMean]).toEqual([5000, 2000]);
  });

  it("measure distinctiveness in sd: the lone member sits sqrt(3) = 1.73 sd out on both features, so it is named Big baskets", () => {
    // Online shares 1,1,1,0: mean 0.75, sd sqrt(3)/4; the 0 is at -0.75 / (sqrt(3)/4) = -sqrt(3).
    expect(cards[1]?.features.map((f) => f.z)).toEqual([expect.closeTo(-Math.sqrt(3), 12), expect.closeTo(Math.sqrt(3), 12)]);
    // Online has no trait for a low share; the basket's high side names it.
    expect(cards[1]?.name.traits.map((t) => t.key)).toEqual(["bigBaskets"]);
    // The three online members sit 1/sqrt(3) = 0.58 sd out on both (over the 0.5 threshold; the tie goes to the first feature).
    expect(cards[0]?.name.traits.map((t) => t.key)).toEqual(["online", "smallBaskets"]);
    expect(cards[0]?.features[0]?.label).toEqual({ key: "onlineShare" });
  });

  it("refuse a label outside the clusters", () => {
    expect(() => profileClusters(raw, [0, 0, 0, 2], 2, FEATURES)).toThrow(/label 2/);
  });
});
