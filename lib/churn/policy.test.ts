import { describe, expect, it } from "vitest";
import { zodFieldErrors } from "@/lib/errors";
import { DEFAULT_INTERVENTION_POLICY, policyWarnings } from "@/lib/models/churn/interventions";
import { savePolicyInput } from "./policy";

const fieldsOf = (input: unknown) => {
  const parsed = savePolicyInput.safeParse(input);
  return parsed.success ? {} : zodFieldErrors(parsed.error);
};

describe("the policy editor's input", () => {
  it("reads thresholds typed as text, drops blanks, zeros and empty reason lists, and keeps the order", () => {
    const parsed = savePolicyInput.parse({
      baseVersion: "3",
      rules: [
        { reasons: ["newMember"], minRisk: " 0.5 ", minValueRank: "", intervention: "secondPurchaseOffer" },
        { reasons: [], minRisk: "0", minValueRank: 0.9, intervention: "winBackCall" },
        { intervention: "personalizedOffer" },
      ],
    });
    expect(parsed).toEqual({
      baseVersion: 3,
      rules: [
        { reasons: ["newMember"], minRisk: 0.5, intervention: "secondPurchaseOffer" },
        { minValueRank: 0.9, intervention: "winBackCall" },
        { intervention: "personalizedOffer" },
      ],
    });
  });

  it("names each bad field by its place: rules.2.minRisk above 1, an unknown reason, a repeated one, an unknown action", () => {
    const errors = fieldsOf({
      baseVersion: 0,
      rules: [
        { reasons: ["purchaseGap", "bored"], intervention: "specialReward" },
        { reasons: ["returns", "returns"], intervention: "serviceFollowUp" },
        { minRisk: "1.5", minValueRank: "lots", intervention: "personalizedOffer" },
        { intervention: "freeCar" },
      ],
    });
    expect(Object.keys(errors).sort()).toEqual(["rules.0.reasons.1", "rules.1.reasons", "rules.2.minRisk", "rules.2.minValueRank", "rules.3.intervention"]);
    expect(errors["rules.2.minRisk"]).toEqual(["A number from 0 to 1, or blank for none."]);
  });

  it("refuses an empty policy and one of more than 50 rules", () => {
    expect(Object.keys(fieldsOf({ baseVersion: 0, rules: [] }))).toEqual(["rules"]);
    expect(Object.keys(fieldsOf({ baseVersion: 0, rules: Array.from({ length: 51 }, () => ({ intervention: "personalizedOffer" })) }))).toEqual(["rules"]);
  });
});

describe("policy warnings", () => {
  it("the default policy has none", () => {
    expect(policyWarnings(DEFAULT_INTERVENTION_POLICY)).toEqual([]);
  });

  it("a rule below a broader one never applies; a last rule with a reason leaves members without an action", () => {
    expect(
      policyWarnings([
        { reasons: ["returns", "basketDown"], minRisk: 0.3, intervention: "serviceFollowUp" },
        { reasons: ["returns"], minRisk: 0.6, intervention: "discountCoupon" },
        { reasons: ["returns"], minRisk: 0.1, intervention: "discountCoupon" },
        { reasons: ["appSilent"], intervention: "appComeback" },
      ]),
    ).toEqual([{ kind: "unreachable", rule: 1, coveredBy: 0 }, { kind: "noCatchAll" }]);
  });

  it("a catch-all above other rules hides them all", () => {
    expect(policyWarnings([{ intervention: "eventInvitation" }, { reasons: ["returns"], intervention: "serviceFollowUp" }, { intervention: "personalizedOffer" }])).toEqual([
      { kind: "unreachable", rule: 1, coveredBy: 0 },
      { kind: "unreachable", rule: 2, coveredBy: 0 },
    ]);
  });
});
