import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OFFER_CONTEXTS } from "@/lib/campaigns/offer-contexts";
import { simulateCampaigns, type SimulationResult } from "@/lib/campaigns/simulate";
import { openTestDatabase, uniqueTag } from "@/test/db";
import type { DbHandle } from "../client";
import { seedDemoProgram } from "../seed/program";
import { selectRows } from "../sql";
import { loadCampaignSimulationPopulation, loadObservableMembers } from "./campaign-simulation";

const END = new Date(Date.UTC(2026, 0, 1));
const MEMBERS = 2000;
/** A tenth of the members each round: a weekly campaign to part of the base. */
const OFFERS_PER_ROUND = 200;

let handle: DbHandle;
let tag: string;
let result: SimulationResult;
let memberIds: string[];

beforeAll(async () => {
  handle = await openTestDatabase();
  tag = uniqueTag("sim");
  await seedDemoProgram(handle, { members: MEMBERS, months: 12, seed: 21, end: END, tag });
  const population = await loadCampaignSimulationPopulation(handle.db, { scope: { kind: "all" }, tag });
  memberIds = population.memberIds;
  result = simulateCampaigns(population, { offersPerRound: OFFERS_PER_ROUND, rounds: 20, seed: 1 });
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(
    [
      `campaign simulation, ${result.members} members, ${result.rounds} rounds of ${result.offersPerRound} offers:`,
      `offer means ${result.offers.map((o, i) => `${o} ${pct(result.offerMeans[i]!)}`).join(", ")}`,
      `one offer (${result.strongestOffer.offer}) ${pct(result.strongestOffer.rate)}; one offer (${result.referenceOffer.offer}) ${pct(result.referenceOffer.rate)}`,
      `targeted Thompson ${pct(result.targeted.rate)} (expected ${pct(result.targeted.expectedRate)}); offer matching alone ${pct(result.targetedOfferOnly.rate)}`,
      `ratio ${result.ratioToStrongest.toFixed(2)} x strongest, ${result.ratioToReference.toFixed(2)} x ${result.referenceOffer.offer}`,
      `contexts ${result.contexts.map((c) => `${c.label} ${c.members} (sent ${c.sends}, learnt ${c.learntOffer})`).join("; ")}`,
      `regret Thompson ${result.regret.thompson.map((r) => r.toFixed(1)).join(" ")}`,
      `regret uniform  ${result.regret.uniform.map((r) => r.toFixed(1)).join(" ")}`,
    ].join("\n"),
  );
  // Seeding 2,000 members over 12 months takes 20-40 s on PGlite on two busy cores.
}, 300_000);

afterAll(async () => handle?.close());

describe("the simulation's population", () => {
  it("has every generated member, their six true propensities, and an observable context for each", async () => {
    expect(memberIds).toHaveLength(MEMBERS);
    expect(result.offers).toHaveLength(6);
    const used = new Set(result.contexts.filter((c) => c.members > 0).map((c) => c.label));
    // Several contexts in use: the buckets separate the planted behaviours rather than lumping everyone together.
    expect(used.size).toBeGreaterThanOrEqual(5);
    expect(result.contexts.reduce((s, c) => s + c.members, 0)).toBe(MEMBERS);
  });

  it("reads observable features only from product tables: the policy's input has no ground-truth column", async () => {
    const { members } = await loadObservableMembers(handle.db, { scope: { kind: "all" }, tag });
    expect(Object.keys(members[0]!).sort()).toEqual(["cafeShare", "discountShare", "giftShare", "purchases", "shareApp", "shareOnline"]);
    // Deal seekers (planted) mostly land in the discount contexts: the observable buckets carry signal.
    const truth = await selectRows<{ member_id: string; behaviour_group: string }>(
      handle.db,
      sql`SELECT t.member_id, t.behaviour_group::text FROM ground_truth.members t JOIN members m ON m.id = t.member_id WHERE m.external_id LIKE ${`${tag}-M%`}`,
    );
    const deal = new Set(truth.filter((t) => t.behaviour_group === "deal_seeker").map((t) => t.member_id));
    const population = await loadCampaignSimulationPopulation(handle.db, { scope: { kind: "all" }, tag });
    const discountContexts = new Set([OFFER_CONTEXTS.indexOf("heavy_discount"), OFFER_CONTEXTS.indexOf("discount")]);
    const dealInDiscount = population.memberIds.filter((id, m) => deal.has(id) && discountContexts.has(population.contexts[m]!)).length;
    expect(dealInDiscount / deal.size).toBeGreaterThan(0.6);
  });
});

describe(`campaigns that learn on ${MEMBERS.toLocaleString("en")} generated members, 20 rounds of ${OFFERS_PER_ROUND} offers`, () => {
  it("targeted Thompson redeems at least 2x the strongest one-offer-to-everyone campaign (the offer with the highest mean true propensity) for the same 4,000 offers", () => {
    expect(result.targeted.sends).toBe(result.strongestOffer.sends);
    expect(result.targeted.sends).toBe(20 * OFFERS_PER_ROUND);
    expect(result.ratioToStrongest).toBeGreaterThanOrEqual(2);
    // The same holds without the luck of the draws: the sends' mean true propensities.
    expect(result.targeted.expectedRate / result.strongestOffer.expectedRate).toBeGreaterThanOrEqual(2);
    expect(result.ratioToReference).toBeGreaterThanOrEqual(result.ratioToStrongest * 0.9);
  });

  it("offer matching alone (the targeted offer to random members) beats the strongest one-offer campaign by at least 1.2x, though not 2x", () => {
    // Reported rather than claimed: with the audience random, the gain is only in the offer (1.3-1.7x over
    // seeds and budgets, docs/campaigns-learning.md); choosing whom to reach gives the rest of the 2x.
    expect(result.targetedOfferOnly.rate / result.strongestOffer.rate).toBeGreaterThanOrEqual(1.2);
  });

  it("Thompson's split of the six offers as variants has less cumulative expected regret after 20 rounds than an equal split", () => {
    const thompson = result.regret.thompson[19]!;
    const uniform = result.regret.uniform[19]!;
    expect(result.regret.thompson).toHaveLength(20);
    expect(uniform).toBeGreaterThan(0);
    expect(thompson).toBeLessThan(uniform);
  });
});
