import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grantConsent } from "@/test/campaigns";
import { openPrivateDatabase } from "@/test/db";
import { coffeeDrinkers, makePersonalizationWorld, makeWorldReward, type PersonalizationWorld, type RewardValues } from "@/test/personalization";
import type { DbHandle } from "../client";
import { selectRows } from "../sql";
import { getMemberOffers, OFFER_FREQUENCY_CAP } from "./member-offers";
import { offerCandidates } from "./offer-candidates";
import { forgetProgramRedemptionRates, interimOfferPropensity } from "./offer-propensity-interim";
import { evaluateRecommendations } from "./recommend-evaluation";
import { trainRecommendations, type TrainedRecommendations } from "./recommendations-train";

const NOW = new Date("2025-06-01T12:00:00Z");
const DAY = 86_400_000;

let handle: DbHandle;
let world: PersonalizationWorld;
let trained: TrainedRecommendations;
let ada: { id: string }; // buys an oat flat white every week, never tea
const rewards: Record<string, string> = {};

async function reward(name: string, values: RewardValues): Promise<string> {
  return (rewards[name] = await makeWorldReward(handle.db, world, name, values));
}

/** A running campaign offering the reward, with total - spent of its budget left. */
async function campaignOffering(rewardId: string, budget: { total: number; spent: number }): Promise<{ campaignId: string; variantId: string }> {
  const [c] = await selectRows<{ id: string }>(
    handle.db,
    sql`INSERT INTO campaigns (name, goal, status, currency, channels, templates, budget_minor, spent_minor)
        VALUES (${`Campaign ${randomUUID()}`}, 'cross_sell', 'running', 'EUR', '{in_app}', '{}'::jsonb, ${budget.total}, ${budget.spent}) RETURNING id`,
  );
  const [v] = await selectRows<{ id: string }>(handle.db, sql`INSERT INTO campaign_variants (campaign_id, position, name, reward_id) VALUES (${c!.id}::uuid, 1, 'A', ${rewardId}::uuid) RETURNING id`);
  return { campaignId: c!.id, variantId: v!.id };
}

/** An offer sent `daysAgo`, valid for 14 days, redeemed or not. */
async function sendOffer(memberId: string, offer: { campaignId: string; variantId: string }, daysAgo: number, redeemed: boolean): Promise<void> {
  const sentAt = new Date(NOW.getTime() - daysAgo * DAY);
  await handle.db.execute(sql`INSERT INTO campaign_recipients (campaign_id, run_id, member_id, control, variant_id, code, send_at, valid_until, redeemed_at)
    VALUES (${offer.campaignId}::uuid, ${randomUUID()}::uuid, ${memberId}::uuid, false, ${offer.variantId}::uuid, ${randomUUID()}, ${sentAt.toISOString()}::timestamptz,
            ${new Date(sentAt.getTime() + 14 * DAY).toISOString()}::timestamptz, ${redeemed ? new Date(sentAt.getTime() + DAY).toISOString() : null}::timestamptz)`);
}

/** The program-wide percent-off rate by independent SQL: outcomes known by NOW, Beta(1, 9) prior. */
async function programPercentOffRate(): Promise<number> {
  forgetProgramRedemptionRates(handle.db);
  const [all] = await selectRows<{ sent: number; redeemed: number }>(
    handle.db,
    sql`SELECT count(*)::int AS sent, count(r.redeemed_at)::int AS redeemed FROM campaign_recipients r JOIN campaign_variants v ON v.id = r.variant_id
          JOIN rewards rw ON rw.id = v.reward_id WHERE rw.kind = 'percent_off' AND NOT r.control AND r.send_at <= ${NOW.toISOString()}::timestamptz
           AND (r.redeemed_at IS NOT NULL OR r.valid_until <= ${NOW.toISOString()}::timestamptz)`,
  );
  return (all!.redeemed + 1) / (all!.sent + 10);
}

let dispose: () => Promise<void>;

beforeAll(async () => {
  // A database of its own: the newest recommendation and propensity models are read program-wide, and on a
  // shared PostgreSQL other files train theirs meanwhile. Here no propensity model exists, so the offers are
  // ranked by the smoothed rates whose arithmetic the tests spell out.
  ({ handle, dispose } = await openPrivateDatabase());
  world = await makePersonalizationWorld(handle.db, NOW);
  ({ ada } = await coffeeDrinkers(world, 40));
  await handle.db.execute(sql`UPDATE members SET home_store_id = ${world.fixture.store.id}::uuid WHERE id = ${ada.id}::uuid`);
  await reward("20% off tea", { categoryId: world.categories.tea, cost: 100 });
  await reward("A free flat white", { kind: "free_product", value: { kind: "free_product", sku: `${world.tag}-flatWhite` }, cost: 120 });
  await reward("Gold only", { kind: "amount_off", value: { kind: "amount_off", amountMinor: 500, currency: "EUR" }, cost: 10, tiers: [randomUUID()] });
  await reward("Sold out", { cost: 10, stock: 0 });
  await campaignOffering(await reward("Bakery, budget spent", { categoryId: world.categories.bakery, cost: 200 }), { total: 300, spent: 200 });
  await campaignOffering(await reward("Bakery, budget left", { categoryId: world.categories.bakery, cost: 50 }), { total: 1_000, spent: 0 });
  trained = await trainRecommendations(handle.db, { now: NOW });
}, 300_000);
afterAll(async () => dispose?.());

describe("trainRecommendations", () => {
  it("rewrites product_neighbours: the oat flat white's nearest is green tea, cosine 40 / sqrt(41 x 40) = 0.988", async () => {
    const rows = await selectRows<{ neighbour_id: string; score: number }>(
      handle.db,
      sql`SELECT neighbour_id::text, score::float8 AS score FROM product_neighbours WHERE product_id = ${world.products.flatWhite}::uuid ORDER BY rank`,
    );
    expect(rows[0]!.neighbour_id).toBe(world.products.greenTea);
    expect(rows[0]!.score).toBeCloseTo(40 / Math.sqrt(41 * 40), 5);
    expect(rows[1]).toMatchObject({ neighbour_id: world.products.espresso });
    expect(rows[1]!.score).toBeCloseTo(20 / Math.sqrt(41 * 20), 5);
  });

  it("stores the held-out figures of the same time split as evaluateRecommendations", async () => {
    const e = await evaluateRecommendations(handle.db, { scope: { kind: "all" }, cutoff: new Date(NOW.getTime() - 90 * DAY) });
    expect(e.members).toBeGreaterThanOrEqual(20);
    expect(trained.metrics).toMatchObject({ hitRateAt10: e.hitRate.model, popularityHitRateAt10: e.hitRate.popularity, evaluatedMembers: e.members });
    const [row] = await selectRows<{ kind: string; samples: number }>(handle.db, sql`SELECT kind::text, samples FROM personalization_models WHERE id = ${trained.id}::uuid`);
    expect(row).toEqual({ kind: "recommendations", samples: trained.members });
    expect(trained.members).toBeGreaterThanOrEqual(41);
  });
});

describe("getMemberOffers", () => {
  it("recommends green tea, then espresso, each because Ada bought the oat flat white", async () => {
    const view = await getMemberOffers(handle.db, { memberId: ada.id, scope: { kind: "all" }, now: NOW, programId: world.fixture.programId, products: 5 });
    expect(view!.recommendations.slice(0, 2).map((r) => [r.productId, r.reason])).toEqual([
      [world.products.greenTea, { code: "bought_with", productId: world.products.flatWhite, productName: world.productName(world.products.flatWhite) }],
      [world.products.espresso, { code: "bought_with", productId: world.products.flatWhite, productName: world.productName(world.products.flatWhite) }],
    ]);
    expect(view!.recommendations.length).toBeLessThanOrEqual(5);
    expect(view!.recommendations.map((r) => r.productId)).not.toContain(world.products.flatWhite);
  });

  it("finds tea rarely bought (40 of 41 coffee look-alikes buy it) and a 7-day coffee cycle", async () => {
    const view = await getMemberOffers(handle.db, { memberId: ada.id, scope: { kind: "all" }, now: NOW, programId: world.fixture.programId });
    expect(view!.rarelyBought).toEqual([{ categoryId: world.categories.tea, lookalikeBuyerShare: 40 / 41, memberShare: 0 }]);
    expect(view!.affinities).toEqual([expect.objectContaining({ categoryId: world.categories.coffee, share: 1, purchaseDays: 10, cycleDays: 7 })]);
  });

  it("offers 20% off tea: p x (30% x 600 basket - 100 cost) with p the program's percent-off rate; the free flat white (V = 16 < 120) is not offered", async () => {
    const p = await programPercentOffRate();
    const view = await getMemberOffers(handle.db, { memberId: ada.id, scope: { kind: "all" }, now: NOW, programId: world.fixture.programId });
    expect(view!.offers.map((o) => [o.candidate.rewardId, o.value.valueMinor, o.expectedValueMinor])).toEqual([[rewards["20% off tea"], 180, Math.round(p * (180 - 100))]]);
    expect(view!.offers[0]!.reason).toEqual({ code: "never_tried", categoryId: world.categories.tea, habitCategoryId: world.categories.coffee, habitCycleDays: 7, lookalikeShare: 40 / 41 });
    expect(view!.capped).toBe(false);
  });

  it("is null outside the caller's stores, and the same member inside them", async () => {
    expect(await getMemberOffers(handle.db, { memberId: ada.id, scope: { kind: "stores", storeIds: [world.fixture.online.id] }, now: NOW })).toBeNull();
    expect(await getMemberOffers(handle.db, { memberId: ada.id, scope: { kind: "stores", storeIds: [world.fixture.store.id] }, now: NOW })).not.toBeNull();
  });

  it("gives a member who objected to profiling no offers and no recommendations", async () => {
    const objector = await world.member([[7, ["flatWhite"]], [14, ["flatWhite"]]]);
    await grantConsent(handle.db, [objector.id], "personalization", "withdrawn");
    const view = await getMemberOffers(handle.db, { memberId: objector.id, scope: { kind: "all" }, now: NOW, programId: world.fixture.programId });
    expect(view).toMatchObject({ personalized: false, offers: [], recommendations: [], affinities: [], rarelyBought: [] });
  });

  it(`offers nothing new to a member who got ${OFFER_FREQUENCY_CAP.offers} offers in the last ${OFFER_FREQUENCY_CAP.days} days`, async () => {
    const capped = await world.member(Array.from({ length: 10 }, (_, w) => [7 * (w + 1), ["flatWhite"]] as const));
    const offer = await campaignOffering(await reward(`Cap ${randomUUID()}`, { cost: 1, active: false }), { total: 1_000, spent: 0 });
    for (let i = 0; i < OFFER_FREQUENCY_CAP.offers; i++) await sendOffer(capped.id, offer, i + 1, false);
    const view = await getMemberOffers(handle.db, { memberId: capped.id, scope: { kind: "all" }, now: NOW, programId: world.fixture.programId });
    expect(view).toMatchObject({ capped: true, offers: [] });
  });
});

describe("offerCandidates", () => {
  it("leaves out another tier's reward, one out of stock and one whose only campaign has 100 left of its budget for a 200 redemption", async () => {
    const names = (await offerCandidates(handle.db, { memberId: ada.id, programId: world.fixture.programId, tierId: null, now: NOW })).map((c) => c.name);
    expect(names.sort()).toEqual(["20% off tea", "A free flat white", "Bakery, budget left"].map((n) => `${n} ${world.tag}`).sort());
  });

  it("takes a free product's category from its product, and leaves out a reward the member holds unused", async () => {
    const bo = await world.member([[7, ["flatWhite"]]]);
    await sendOffer(bo.id, await campaignOffering(rewards["20% off tea"]!, { total: 1_000, spent: 0 }), 2, false);
    const candidates = await offerCandidates(handle.db, { memberId: bo.id, programId: world.fixture.programId, tierId: null, now: NOW });
    expect(candidates.map((c) => c.rewardId)).not.toContain(rewards["20% off tea"]);
    expect(candidates.find((c) => c.rewardId === rewards["A free flat white"])).toMatchObject({ kind: "free_product", categoryId: world.categories.coffee, costMinor: 120, validDays: 14 });
  });
});

describe("interimOfferPropensity", () => {
  it("2 of 4 percent-off offers redeemed (and 1 still open) against program rate q: (2 + 10q) / (4 + 10)", async () => {
    const cy = await world.member([[7, ["flatWhite"]]]);
    const offer = await campaignOffering(await reward(`Past ${randomUUID()}`, { cost: 1, active: false }), { total: 1_000, spent: 0 });
    for (const [daysAgo, redeemed] of [[60, true], [50, true], [40, false], [30, false], [3, false]] as const) await sendOffer(cy.id, offer, daysAgo, redeemed);
    const q = await programPercentOffRate();
    const tea = { rewardId: "tea", name: "tea", kind: "percent_off" as const, categoryId: null, costMinor: 1, validDays: 14 };
    const bogo = { ...tea, rewardId: "bogo", kind: "bogo" as const };
    const p = await interimOfferPropensity(handle.db, { memberId: cy.id, candidates: [tea, bogo], now: NOW });
    expect(p.get("tea")).toBeCloseTo((2 + 10 * q) / 14, 12);
    expect(p.get("bogo")).toBeGreaterThan(0);
  });
});
