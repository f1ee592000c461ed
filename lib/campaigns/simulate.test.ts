import { describe, expect, it } from "vitest";
import { allocateSends, simulateCampaigns, type SimulationPopulation } from "./simulate";

/**
 * 2,000 members in two observable contexts of 1,000, three offers:
 *   context "x": true propensities a 0.5, b 0.1, c 0.1
 *   context "y":                     a 0.1, b 0.1, c 0.3
 * Offer means over the population: a (0.5 + 0.1)/2 = 0.3, b 0.1, c (0.1 + 0.3)/2 = 0.2.
 */
function twoContextPopulation(): SimulationPopulation {
  const n = 2000;
  const propensity = new Float64Array(n * 3);
  const contexts = new Int32Array(n);
  for (let m = 0; m < n; m++) {
    contexts[m] = m < 1000 ? 0 : 1;
    propensity.set(m < 1000 ? [0.5, 0.1, 0.1] : [0.1, 0.1, 0.3], m * 3);
  }
  return { offers: ["a", "b", "c"], contexts, contextLabels: ["x", "y"], propensity };
}

describe("allocating sends by shares", () => {
  it("300 sends split 1/6 each are 50 each; [0.62, 0.25, 0.13] of 10 is 6, 3, 1 (floors 6, 2, 1; the leftover to 0.5 of b)", () => {
    expect(allocateSends(Array.from({ length: 6 }, () => 1 / 6), 300)).toEqual([50, 50, 50, 50, 50, 50]);
    expect(allocateSends([0.62, 0.25, 0.13], 10)).toEqual([6, 3, 1]);
  });
});

describe("campaign simulation on a two-context population", () => {
  const result = simulateCampaigns(twoContextPopulation(), { offersPerRound: 300, rounds: 20, seed: 3, minShare: 0.1, draws: 2000, referenceOffer: "c" });

  it("offer means are a 0.3, b 0.1, c 0.2; the strongest one-offer campaign is a, redeemed near 0.3 over 20 × 300 = 6,000 sends", () => {
    expect(result.offerMeans[0]).toBeCloseTo(0.3, 12);
    expect(result.offerMeans[1]).toBeCloseTo(0.1, 12);
    expect(result.offerMeans[2]).toBeCloseTo(0.2, 12);
    expect(result.strongestOffer.offer).toBe("a");
    expect(result.strongestOffer.sends).toBe(6000);
    // Sampling error of 6,000 sends: √(0.3 · 0.7 / 6000) = 0.006.
    expect(Math.abs(result.strongestOffer.rate - 0.3)).toBeLessThan(0.02);
    expect(Math.abs(result.referenceOffer.rate - 0.2)).toBeLessThan(0.02);
  });

  it("targeted Thompson learns to send a to context x (0.5): its expected rate passes 0.45, 1.5 × the strongest one-offer's 0.3", () => {
    expect(result.targeted.sends).toBe(6000);
    expect(result.contexts[0]).toMatchObject({ label: "x", members: 1000, learntOffer: "a" });
    expect(result.targeted.expectedRate).toBeGreaterThan(0.45);
    expect(result.ratioToStrongest).toBeGreaterThan(1.4);
  });

  it("offer matching alone on random audiences tends to a 0.5 in x and c 0.3 in y: (0.5 + 0.3)/2 = 0.4 at best, above 0.3", () => {
    expect(result.targetedOfferOnly.expectedRate).toBeGreaterThan(0.35);
    expect(result.targetedOfferOnly.expectedRate).toBeLessThanOrEqual(0.4);
  });

  it("equal split regret is 100 × (0.3 - 0.1) + 100 × (0.3 - 0.2) = 30 a round, 600 after 20; Thompson's is below it and above its floor 20 × 300 × 0.1 × (0.2 + 0.1) = 180", () => {
    expect(result.regret.uniform).toHaveLength(20);
    expect(result.regret.uniform[0]).toBeCloseTo(30, 9);
    expect(result.regret.uniform[19]).toBeCloseTo(600, 9);
    const thompson = result.regret.thompson[19]!;
    expect(thompson).toBeLessThan(600);
    expect(thompson).toBeGreaterThanOrEqual(180 - 1e-9);
    // Non-decreasing: regret of a send is never negative.
    result.regret.thompson.forEach((r, i) => expect(r).toBeGreaterThanOrEqual(i === 0 ? 0 : result.regret.thompson[i - 1]!));
  });

  it("is reproducible: the same seed gives the same figures", () => {
    const again = simulateCampaigns(twoContextPopulation(), { offersPerRound: 300, rounds: 20, seed: 3, minShare: 0.1, draws: 2000, referenceOffer: "c" });
    expect(again).toEqual(result);
  });
});
