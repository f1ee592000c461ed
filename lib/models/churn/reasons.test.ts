import { readFileSync } from "node:fs";
import path from "node:path";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { trainGbt } from "../gbt";
import { featureMatrix } from "../matrix";
import { SeededRandom } from "../random";
import { DEFAULT_INTERVENTION_POLICY, INTERVENTION_KINDS, suggestIntervention, valueRanks } from "./interventions";
import { explainRisk, REASON_KINDS, REASON_RULES, type MemberReason } from "./reasons";

const NAMES = ["recency_days", "interval_mean_days", "days_since_event", "basket_90d_vs_before", "tenure_days", "frequency"];

/** Members who churn when the gap since their last purchase is long against their usual one, or who went quiet. */
function training(rows: number) {
  const random = new SeededRandom(11);
  const columns = NAMES.map(() => new Float64Array(rows));
  const labels = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    const recency = random.uniform() * 200;
    const interval = 5 + random.uniform() * 55;
    const silent = random.uniform() * 100;
    const values = [recency, interval, silent, 0.5 + random.uniform(), 200 + random.uniform() * 500, 2 + Math.floor(random.uniform() * 20)];
    values.forEach((v, f) => ((columns[f] as Float64Array)[i] = v));
    labels[i] = recency > 3 * interval || silent > 60 ? 1 : 0;
  }
  return { features: featureMatrix(NAMES, columns), labels };
}

function member(values: Record<string, number>) {
  return featureMatrix(
    NAMES,
    NAMES.map((n) => Float64Array.of(values[n] ?? Number.NaN)),
  );
}

const { features, labels } = training(4000);
const model = trainGbt({ features, labels, params: { maxTrees: 150, maxDepth: 3 } });

describe("explainRisk", () => {
  it("names the purchase gap in the member's own figures: 150 days, usually every 20", () => {
    const [reasons] = explainRisk(model, member({ recency_days: 150.4, interval_mean_days: 19.6, days_since_event: 5, basket_90d_vs_before: 1, tenure_days: 400, frequency: 12 }));
    expect(reasons?.[0]).toMatchObject({ kind: "purchaseGap", message: { key: "noPurchaseUsually", params: { days: 150, usual: 20 } } });
    expect(reasons?.[0]?.contribution).toBeGreaterThan(0.5);
  });

  it("says 'since' when the member has no usual interval (one purchase), and adds the silence as a second reason", () => {
    const [reasons] = explainRisk(model, member({ recency_days: 150, interval_mean_days: Number.NaN, days_since_event: 90, basket_90d_vs_before: 1, tenure_days: 400, frequency: 1 }));
    const kinds = reasons?.map((r) => r.kind);
    expect(kinds).toContain("engagementDown");
    expect(reasons?.find((r) => r.kind === "purchaseGap")?.message).toEqual({ key: "noPurchaseSince", params: { days: 150 } });
    expect(reasons?.find((r) => r.kind === "engagementDown")?.message).toEqual({ key: "noEngagement", params: { days: 90 } });
  });

  it("names nothing for a member whose figures all lower the risk", () => {
    const [reasons] = explainRisk(model, member({ recency_days: 3, interval_mean_days: 30, days_since_event: 2, basket_90d_vs_before: 1.2, tenure_days: 500, frequency: 15 }));
    expect(reasons).toEqual([]);
  });

  it("keeps at most `top` reasons, strongest first", () => {
    const [reasons] = explainRisk(model, member({ recency_days: 190, interval_mean_days: 10, days_since_event: 95, basket_90d_vs_before: 0.5, tenure_days: 300, frequency: 3 }), { top: 1 });
    expect(reasons).toHaveLength(1);
    const [all] = explainRisk(model, member({ recency_days: 190, interval_mean_days: 10, days_since_event: 95, basket_90d_vs_before: 0.5, tenure_days: 300, frequency: 3 }), { top: 5 });
    const contributions = (all as MemberReason[]).map((r) => r.contribution);
    expect([...contributions].sort((a, b) => b - a)).toEqual(contributions);
    expect(reasons?.[0]).toEqual(all?.[0]);
  });
});

describe("reason messages", () => {
  const rule = (kind: string) => REASON_RULES.find((r) => r.kind === kind)!;
  const values = (v: Record<string, number>) => (name: string) => v[name] ?? Number.NaN;

  it("basket ratio 0.6 reads 'down 40%'; a ratio of 1.1 is not a reason", () => {
    expect(rule("basketDown").message(values({ basket_90d_vs_before: 0.6 }))).toEqual({ key: "basketDown", params: { percent: 40 } });
    expect(rule("basketDown").message(values({ basket_90d_vs_before: 1.1 }))).toBeNull();
  });

  it("engagement: 45 silent days reads as such; otherwise a 60-day rate at 0.35 of before reads 'down 65%'", () => {
    expect(rule("engagementDown").message(values({ days_since_event: 45 }))).toEqual({ key: "noEngagement", params: { days: 45 } });
    expect(rule("engagementDown").message(values({ days_since_event: 3, events_60d_vs_before: 0.35 }))).toEqual({ key: "engagementDown", params: { percent: 65 } });
  });

  it("2 purchases in the last 90 days against 6 before reads as fewer purchases; 6 against 2 falls back to the buying rate", () => {
    expect(rule("fewerPurchases").message(values({ sales_90d: 2, sales_prev_90d: 6 }))).toEqual({ key: "fewerPurchases", params: { recent: 2, before: 6 } });
    expect(rule("fewerPurchases").message(values({ sales_90d: 6, sales_prev_90d: 2, frequency: 9, tenure_days: 365 }))).toEqual({
      key: "rareBuyer",
      params: { count: 9, months: 12 },
    });
  });

  // Every key a rule can produce is in the English catalogue, with exactly the rule's parameters as placeholders.
  const catalogue = JSON.parse(readFileSync(path.join(process.cwd(), "messages", "en", "churn.json"), "utf8")) as {
    reasons: Record<string, string>;
    interventions: Record<string, string>;
  };
  const argumentsOf = (elements: MessageFormatElement[], into = new Set<string>()): Set<string> => {
    for (const e of elements) {
      if ("value" in e && e.type !== TYPE.literal && typeof e.value === "string") into.add(e.value);
      if ("options" in e) for (const option of Object.values(e.options)) argumentsOf(option.value, into);
    }
    return into;
  };
  const samples: Record<string, number>[] = [
    { recency_days: 40, interval_mean_days: 12, sales_90d: 1, sales_prev_90d: 4, basket_90d_vs_before: 0.5, days_since_event: 40, days_since_app_open: 50, email_opens_90d: 0 },
    { recency_days: 40, sales_90d: 4, sales_prev_90d: 1, frequency: 2, tenure_days: 100, events_60d_vs_before: 0.2, days_since_event: 1, discount_share: 0.4, return_share: 0.3, days_since_redemption: 70 },
  ];
  it("every message key a rule produces is in the catalogue with the same placeholders", () => {
    const produced = new Set<string>();
    for (const r of REASON_RULES) {
      for (const sample of samples) {
        const message = r.message(values(sample));
        if (!message) continue;
        produced.add(message.key);
        const text = catalogue.reasons[message.key];
        expect(text, message.key).toBeTypeOf("string");
        expect([...argumentsOf(parse(text as string))].sort(), message.key).toEqual(Object.keys(message.params).sort());
      }
    }
    expect([...produced].sort()).toEqual(Object.keys(catalogue.reasons).sort());
    expect([...INTERVENTION_KINDS].sort()).toEqual(Object.keys(catalogue.interventions).sort());
  });

  it("the reason kinds the policy editor offers are the kinds of the reason table", () => {
    expect([...REASON_KINDS].sort()).toEqual(REASON_RULES.map((r) => r.kind).sort());
  });
});

describe("interventions", () => {
  const reason = (kind: MemberReason["kind"]): MemberReason => ({ kind, contribution: 1, message: { key: "x", params: {} } });

  it("a top-10% member at risk 0.8 gets a win-back call whatever the reason; at rank 0.5 the reason decides", () => {
    expect(suggestIntervention(DEFAULT_INTERVENTION_POLICY, { risk: 0.8, valueRank: 0.95, reasons: [reason("basketDown")] })).toBe("winBackCall");
    expect(suggestIntervention(DEFAULT_INTERVENTION_POLICY, { risk: 0.8, valueRank: 0.5, reasons: [reason("basketDown")] })).toBe("personalizedOffer");
    expect(suggestIntervention(DEFAULT_INTERVENTION_POLICY, { risk: 0.8, valueRank: 0.5, reasons: [reason("engagementDown"), reason("basketDown")] })).toBe("eventInvitation");
    expect(suggestIntervention(DEFAULT_INTERVENTION_POLICY, { risk: 0.3, valueRank: 0.99, reasons: [reason("purchaseGap")] })).toBe("specialReward");
  });

  it("falls through to the catch-all rule without reasons, and answers null when no rule matches", () => {
    expect(suggestIntervention(DEFAULT_INTERVENTION_POLICY, { risk: 0.9, valueRank: 0.1, reasons: [] })).toBe("personalizedOffer");
    expect(suggestIntervention([{ reasons: ["returns"], intervention: "serviceFollowUp" }], { risk: 0.9, valueRank: 0.1, reasons: [] })).toBeNull();
  });

  it("ranks values 10, 30, 20, 30 as 0, 2/3, 1/3, 2/3 (ties share the rank)", () => {
    expect(Array.from(valueRanks([10, 30, 20, 30]))).toEqual([0, 2 / 3, 1 / 3, 2 / 3]);
  });
});
