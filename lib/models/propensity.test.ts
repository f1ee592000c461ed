import { describe, expect, it } from "vitest";
import { predictLogistic, trainLogistic } from "./logistic";
import { rocAuc } from "./metrics";
import {
  explainPropensity,
  fromLogistic,
  MEMBER_FEATURES,
  memberFeatures,
  OFFER_KINDS,
  parsePropensityModel,
  PROPENSITY_FEATURES,
  PROPENSITY_FORMAT,
  propensityDataset,
  propensityFeatures,
  scoreOffers,
  scorePropensities,
  trainPropensity,
  type PropensityExample,
  type PropensityInputs,
  type PropensityModel,
} from "./propensity";
import { SeededRandom } from "./random";

const TEA = "11111111-1111-4111-8111-111111111111";

const member: PropensityInputs = {
  tenureDays: 365,
  daysSinceLastPurchase: 9,
  purchases: 10,
  purchases90d: 3,
  daysSinceLastEvent: null,
  events90d: 0,
  onlinePurchases: 2,
  appPurchases: 5,
  discountedShare: 0.25,
  categoryShares: { [TEA]: 0.4 },
  offers: { received: 3, redeemed: 1 },
  offersByKind: { percent_off: { received: 1, redeemed: 1 } },
};

const at = (name: string) => PROPENSITY_FEATURES.indexOf(name);

/** A model with the given weights by feature name, every other weight 0 and every mean 0. */
function handModel(bias: number, weights: Record<string, number>): PropensityModel {
  return {
    format: PROPENSITY_FORMAT,
    featureNames: [...PROPENSITY_FEATURES],
    bias,
    weights: PROPENSITY_FEATURES.map((name) => weights[name] ?? 0),
    means: PROPENSITY_FEATURES.map(() => 0),
  };
}

describe("propensity features of one member and offer", () => {
  it("20% off tea for a member with 40% of spend on tea, 1 of 3 offers redeemed (the one percent-off): rates (1 + 0.2) / (3 + 2) = 0.24 and (1 + 0.2) / (1 + 2) = 0.4", () => {
    const x = memberFeatures(member, { kind: "percent_off", categoryId: TEA });
    const expected: Record<(typeof MEMBER_FEATURES)[number], number> = {
      discounted_share: 0.25,
      category_share: 0.4,
      has_category: 1,
      redemption_rate: 0.24,
      kind_redemption_rate: 0.4,
      offers_received: Math.log(4),
      days_since_purchase: Math.log(10),
      purchases_90d: Math.log(4),
      purchases_per_year: Math.log(11),
      overdue: Math.log1p(90 / 365),
      // No event ever: as long without one as the membership.
      days_since_event: Math.log(366),
      events_90d: 0,
      online_share: 0.2,
      app_share: 0.5,
    };
    MEMBER_FEATURES.forEach((name, f) => expect(x[f], name).toBeCloseTo(expected[name], 12));
  });

  it("an offer on any purchase has no category share; a kind never received falls back to the prior rate 0.1", () => {
    const x = memberFeatures(member, { kind: "amount_off", categoryId: null });
    expect(x[MEMBER_FEATURES.indexOf("category_share")]).toBe(0);
    expect(x[MEMBER_FEATURES.indexOf("has_category")]).toBe(0);
    expect(x[MEMBER_FEATURES.indexOf("kind_redemption_rate")]).toBeCloseTo(0.1, 12);
  });

  it("the full vector: the kind's one-hot, the member features, and the same features again in the kind's crossed block only", () => {
    const x = propensityFeatures(member, { kind: "bogo", categoryId: TEA });
    const m = memberFeatures(member, { kind: "bogo", categoryId: TEA });
    expect(OFFER_KINDS.map((k) => x[at(`kind_${k}`)])).toEqual([0, 0, 0, 1, 0, 0]);
    for (const [f, name] of MEMBER_FEATURES.entries()) {
      expect(x[at(name)]).toBe(m[f]);
      for (const kind of OFFER_KINDS) expect(x[at(`${kind}:${name}`)]).toBe(kind === "bogo" ? m[f] : 0);
    }
  });
});

describe("scoring", () => {
  const model = handModel(-2, { kind_percent_off: 0.5, discounted_share: 2, "percent_off:discounted_share": 4 });

  it("percent off: -2 + 0.5 + (2 + 4) x 0.25 = 0 -> 0.5; amount off: -2 + 2 x 0.25 = -1.5 -> 0.1824", () => {
    const scores = scoreOffers(model, member, [
      { id: "a", kind: "percent_off", categoryId: null },
      { id: "b", kind: "amount_off", categoryId: null },
    ]);
    expect(scores.get("a")).toBeCloseTo(0.5, 12);
    expect(scores.get("b")).toBeCloseTo(1 / (1 + Math.exp(1.5)), 12);
  });

  it("the fast path equals the sigmoid of bias + weights . full vector, for every kind and random weights", () => {
    const random = new SeededRandom(3);
    const weights = Object.fromEntries(PROPENSITY_FEATURES.map((name) => [name, random.uniform() - 0.5]));
    const dense = handModel(0.3, weights);
    for (const kind of OFFER_KINDS) {
      const offer = { kind, categoryId: kind === "percent_off" ? TEA : null };
      const x = propensityFeatures(member, offer);
      const margin = dense.weights.reduce((sum, w, f) => sum + w * (x[f] as number), dense.bias);
      expect(scorePropensities(dense, member, [offer])[0]).toBeCloseTo(1 / (1 + Math.exp(-margin)), 12);
    }
  });

  it("contributions add up to the margin less the margin of a member at the training means", () => {
    const random = new SeededRandom(5);
    const base = handModel(-1, Object.fromEntries(PROPENSITY_FEATURES.map((name) => [name, random.uniform() - 0.5])));
    const withMeans = { ...base, means: PROPENSITY_FEATURES.map(() => random.uniform()) };
    const offer = { kind: "free_product" as const, categoryId: TEA };
    const p = scorePropensities(withMeans, member, [offer])[0] as number;
    const margin = Math.log(p / (1 - p));
    const atMeans = withMeans.weights.reduce((sum, w, f) => sum + w * (withMeans.means[f] as number), withMeans.bias);
    const parts = explainPropensity(withMeans, member, offer);
    expect(parts.map((c) => c.feature).sort()).toEqual(["kind", ...MEMBER_FEATURES].sort());
    expect(parts.reduce((sum, c) => sum + c.logOdds, 0)).toBeCloseTo(margin - atMeans, 9);
    expect(Math.abs(parts[0]!.logOdds)).toBeGreaterThanOrEqual(Math.abs(parts[parts.length - 1]!.logOdds));
  });
});

describe("training", () => {
  /** Price-sensitive members redeem percent-off offers; nobody else redeems much. */
  function examples(n: number, seed: number): PropensityExample[] {
    const random = new SeededRandom(seed);
    return Array.from({ length: n }, () => {
      const share = random.uniform();
      const kind = random.uniform() < 0.5 ? ("percent_off" as const) : ("event_invitation" as const);
      const p = kind === "percent_off" ? 0.05 + 0.6 * share : 0.1;
      return { inputs: { ...member, discountedShare: share }, offer: { kind, categoryId: null }, redeemed: random.uniform() < p };
    });
  }

  it("learns the interaction: ranks held-out percent-off offers by price sensitivity within 0.01 of the true probabilities' AUC, and not invitations", () => {
    const model = trainPropensity(examples(3000, 1));
    const test = examples(2000, 2).filter((e) => e.offer.kind === "percent_off");
    const labels = Uint8Array.from(test, (e) => (e.redeemed ? 1 : 0));
    const scores = Float64Array.from(test, (e) => scorePropensities(model, e.inputs, [e.offer])[0] as number);
    const truth = Float64Array.from(test, (e) => e.inputs.discountedShare ?? 0);
    expect(rocAuc(labels, truth)).toBeGreaterThan(0.65);
    expect(rocAuc(labels, scores)).toBeGreaterThan(rocAuc(labels, truth) - 0.01);
    const invitation = (share: number) => scorePropensities(model, { ...member, discountedShare: share }, [{ kind: "event_invitation", categoryId: null }])[0] as number;
    expect(Math.abs(invitation(0.9) - invitation(0.1))).toBeLessThan(0.05);
  });

  it("the folded model scores exactly as the logistic regression it came from", () => {
    const { features, labels } = propensityDataset(examples(500, 4));
    const logistic = trainLogistic(features, labels, { l2: 0.01 });
    const folded = fromLogistic(logistic);
    const direct = predictLogistic(logistic, features);
    examples(500, 4).forEach((e, i) => expect(scorePropensities(folded, e.inputs, [e.offer])[0]).toBeCloseTo(direct[i] as number, 10));
  });

  it("a stored model round-trips through JSON; one with other features is refused", () => {
    const model = trainPropensity(examples(500, 6));
    expect(parsePropensityModel(JSON.parse(JSON.stringify(model)))).toEqual(model);
    expect(() => parsePropensityModel({ ...model, featureNames: model.featureNames.slice(1) })).toThrow(/other features/);
    expect(() => parsePropensityModel({ format: "something else" })).toThrow(/not a/);
  });
});
