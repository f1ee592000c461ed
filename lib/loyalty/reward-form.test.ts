import { describe, expect, it } from "vitest";
import { policyFromForm, tierFromForm, tierToForm } from "./program-form";
import { emptyRewardForm, rewardFromForm, rewardToForm, type RewardFormValues } from "./reward-form";
import { rewardInput } from "./reward-schemas";
import { programPolicyInput, tierInput } from "./rule-schemas";

const PROGRAM = { currency: "EUR", timeZone: "Europe/Berlin" };

const fiveOff: RewardFormValues = {
  ...emptyRewardForm("EUR"),
  name: "5 € off",
  kind: "amount_off",
  amountOff: "5.00",
  pointsPrice: "500",
  cost: "4.50",
  stock: "",
  validFrom: "2026-01-01T00:00",
  voucherDays: "90",
  eligibleTierIds: ["7d9f2c1e-8a4b-4c3d-9e2f-1a2b3c4d5e6f"],
};

describe("rewardFromForm", () => {
  it("5.00 EUR off for 500 points costing 4.50: minor units, unlimited stock, validity from Berlin midnight", () => {
    const converted = rewardFromForm(fiveOff, PROGRAM);
    expect(converted).toEqual({
      fieldErrors: {},
      value: {
        name: "5 € off",
        description: undefined,
        value: { kind: "amount_off", amountMinor: 500, currency: "EUR" },
        pointsPrice: 500,
        costMinor: 450,
        costCurrency: "EUR",
        stock: null,
        validFrom: "2025-12-31T23:00:00.000Z",
        validTo: null,
        voucherDays: 90,
        eligibleTierIds: ["7d9f2c1e-8a4b-4c3d-9e2f-1a2b3c4d5e6f"],
        usesCodePool: false,
        active: true,
      },
    });
    expect(rewardInput.safeParse(converted.value).success).toBe(true);
  });

  it("each kind sends its own value fields, which the schema accepts", () => {
    const kinds: Partial<RewardFormValues>[] = [
      { kind: "percent_off", percent: "10" },
      { kind: "free_product", sku: "COF-1" },
      { kind: "bogo", category: "bakery" },
      { kind: "points_multiplier", factor: "2", days: "7" },
      { kind: "event_invitation", eventName: "Gold evening", eventAt: "2026-06-01T19:00", location: "Berlin" },
    ];
    for (const kind of kinds) {
      const converted = rewardFromForm({ ...fiveOff, ...kind }, PROGRAM);
      expect(converted.fieldErrors, kind.kind).toEqual({});
      expect(rewardInput.safeParse(converted.value).success, kind.kind).toBe(true);
    }
  });

  it("names the amount it cannot read; a missing cost and price are the schema's to name", () => {
    const bad = rewardFromForm({ ...fiveOff, amountOff: "5.001", validTo: "never" }, PROGRAM);
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(["validTo", "value.amountMinor"]);
    const converted = rewardFromForm({ ...fiveOff, cost: "", pointsPrice: "" }, PROGRAM);
    const parsed = rewardInput.safeParse(converted.value);
    expect(parsed.success === false && parsed.error.issues.map((i) => i.path.join(".")).sort()).toEqual(["costMinor", "pointsPrice"]);
  });

  it("rewardToForm gives back the form", () => {
    const converted = rewardFromForm(fiveOff, PROGRAM);
    const r = rewardInput.parse(converted.value);
    const saved = { ...r, description: r.description ?? null, validFrom: r.validFrom ? new Date(r.validFrom) : null, validTo: null };
    expect(rewardToForm(saved, PROGRAM)).toEqual({ ...fiveOff, cost: "4.50" });
  });
});

describe("tier and policy forms", () => {
  it("a spend threshold of 250.00 EUR is 25000 minor units; a points threshold stays points", () => {
    const spend = tierFromForm({ name: "Silver", rank: "1", threshold: "250.00", earningFactor: "1.25", benefits: "free coffee\n\nparking " }, { basis: "spend", currency: "EUR" });
    expect(spend).toEqual({ fieldErrors: {}, value: { name: "Silver", rank: 1, threshold: 25000, earningFactor: "1.25", benefits: ["free coffee", "parking"] } });
    expect(tierInput.safeParse(spend.value).success).toBe(true);
    const points = tierFromForm({ name: "Silver", rank: "1", threshold: "300", earningFactor: "", benefits: "" }, { basis: "points", currency: "EUR" });
    expect(points.value.threshold).toBe(300);
    expect(tierToForm({ name: "Silver", rank: 1, threshold: 25000, earningFactor: "1.25", benefits: ["a", "b"] }, { basis: "spend", currency: "EUR" })).toEqual({
      name: "Silver",
      rank: "1",
      threshold: "250.00",
      earningFactor: "1.25",
      benefits: "a\nb",
    });
    expect(tierFromForm({ name: "X", rank: "1", threshold: "1.234", earningFactor: "", benefits: "" }, { basis: "spend", currency: "EUR" }).fieldErrors).toHaveProperty("threshold");
  });

  it("policy values become numbers; a fixed expiry without a date is refused naming expiryDate", () => {
    const values = {
      returnWindowDays: "14",
      expiryKind: "rolling_months",
      expiryMonths: "24",
      expiryDate: "",
      negativeBalancePolicy: "allow_negative",
      tierBasis: "points",
      tierWindowMonths: "12",
      tierReviewMonths: "12",
      tierDowngradePolicy: "one_step",
    };
    expect(programPolicyInput.parse(policyFromForm(values))).toMatchObject({ returnWindowDays: 14, expiryMonths: 24, expiryDate: null, tierReviewMonths: 12 });
    const fixed = programPolicyInput.safeParse(policyFromForm({ ...values, expiryKind: "fixed_date", tierReviewMonths: "5" }));
    expect(fixed.success === false && fixed.error.issues.map((i) => i.path.join(".")).sort()).toEqual(["expiryDate", "tierReviewMonths"]);
  });
});
