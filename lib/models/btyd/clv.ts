import { bgNbdConditionalExpectedPurchases, bgNbdProbabilityAlive, type BgNbdParams } from "./bgnbd";
import { gammaGammaExpectedSpend, type GammaGammaParams } from "./gamma-gamma";
import { paretoNbdConditionalExpectedPurchases, paretoNbdProbabilityAlive, type ParetoNbdParams } from "./pareto-nbd";
import type { RfmStats } from "./summary";

/**
 * Customer lifetime value over a finite horizon, in discrete periods (the approach of the `lifetimes`
 * package's customer_lifetime_value):
 *
 *   CLV = margin · E[M] · Σ_{k=1..K} (E[Y(kΔ)] - E[Y((k-1)Δ)]) / (1 + d)^k
 *
 * where E[Y(t)] is the customer's expected purchases in the next t (conditional on their history), Δ the
 * period length in the model's time unit, d the discount rate per period and E[M] the expected spend per
 * transaction (Gamma-Gamma). Purchases expected within period k are discounted as if made at its end.
 * With d = 0 the sum telescopes to margin · E[M] · E[Y(KΔ)].
 */
export interface ClvOptions {
  periods: number;
  periodLength: number;
  /** Per period, e.g. 0.01 a month. */
  discountRate: number;
  /** Share of revenue kept as profit, in [0, 1]; 1 gives discounted revenue. */
  margin: number;
}

export function discountedValue(expectedPurchases: (t: number) => number, expectedSpend: number, o: ClvOptions): number {
  if (!(o.periods >= 0 && Number.isInteger(o.periods) && o.periodLength > 0 && o.discountRate > -1)) {
    throw new RangeError(`CLV needs a whole number of periods >= 0, a positive period length and a discount rate > -1`);
  }
  let value = 0;
  let previous = 0;
  for (let k = 1; k <= o.periods; k++) {
    const cumulative = expectedPurchases(k * o.periodLength);
    value += (cumulative - previous) / Math.pow(1 + o.discountRate, k);
    previous = cumulative;
  }
  return o.margin * expectedSpend * value;
}

export type BtydModel = { kind: "bg-nbd"; params: BgNbdParams } | { kind: "pareto-nbd"; params: ParetoNbdParams };

export interface MemberInput extends RfmStats {
  /** Mean value of the repeat transactions (any value when x = 0: the population mean is used). */
  meanSpend: number;
}

export interface MemberScore {
  probabilityAlive: number;
  /** Expected purchases in the next `horizon`. */
  expectedPurchases: number;
  expectedSpend: number;
  clv: number;
}

export function probabilityAlive(model: BtydModel, c: RfmStats): number {
  return model.kind === "bg-nbd" ? bgNbdProbabilityAlive(model.params, c) : paretoNbdProbabilityAlive(model.params, c);
}

export function conditionalExpectedPurchases(model: BtydModel, c: RfmStats, t: number): number {
  return model.kind === "bg-nbd"
    ? bgNbdConditionalExpectedPurchases(model.params, c, t)
    : paretoNbdConditionalExpectedPurchases(model.params, c, t);
}

/** One member's P(alive), expected purchases in the horizon, expected spend per transaction and CLV. */
export function scoreMember(model: BtydModel, spend: GammaGammaParams, member: MemberInput, horizon: number, clv: ClvOptions): MemberScore {
  const expectedSpend = gammaGammaExpectedSpend(spend, member);
  return {
    probabilityAlive: probabilityAlive(model, member),
    expectedPurchases: conditionalExpectedPurchases(model, member, horizon),
    expectedSpend,
    clv: discountedValue((t) => conditionalExpectedPurchases(model, member, t), expectedSpend, clv),
  };
}
