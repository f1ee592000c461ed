/**
 * The interim redemption propensity (until the trained model of lib/models/propensity.ts is wired in): a
 * member's empirical redemption rate for offers of one kind, Beta-smoothed and shrunk towards the
 * program-wide rate of that kind (empirical Bayes, as for batting averages: Efron & Morris 1975). Pure.
 *
 * Program-wide: rate = (redeemed + a) / (sent + a + b) with a weak Beta(a, b) prior, so that a kind no
 * campaign has sent yet gets the prior's mean. The default Beta(1, 9) means 10%: coupon redemption rates
 * in retail run in single to low double digits, and one or two tens of offers outweigh it.
 *
 * Member: rate = (redeemed + k · programRate) / (sent + k), a Beta(k · programRate, k · (1 - programRate))
 * prior of strength k pseudo-offers (default 10): a member's first two or three offers move their rate
 * only a little, twenty offers mostly speak for themselves.
 */

export interface OfferOutcomes {
  /** Offers of the kind whose outcome is known: redeemed, or expired unredeemed. */
  sent: number;
  redeemed: number;
}

export const PROGRAM_PRIOR = { alpha: 1, beta: 9 } as const;
export const MEMBER_PRIOR_STRENGTH = 10;

function checkOutcomes({ sent, redeemed }: OfferOutcomes): void {
  if (!(sent >= 0 && redeemed >= 0 && redeemed <= sent)) throw new RangeError(`redeemed ${redeemed} of ${sent} sent`);
}

export function programRedemptionRate(outcomes: OfferOutcomes, prior: { alpha: number; beta: number } = PROGRAM_PRIOR): number {
  checkOutcomes(outcomes);
  return (outcomes.redeemed + prior.alpha) / (outcomes.sent + prior.alpha + prior.beta);
}

export function memberRedemptionRate(outcomes: OfferOutcomes, programRate: number, strength = MEMBER_PRIOR_STRENGTH): number {
  checkOutcomes(outcomes);
  if (!(programRate >= 0 && programRate <= 1)) throw new RangeError(`program rate ${programRate} is not a probability`);
  return (outcomes.redeemed + strength * programRate) / (outcomes.sent + strength);
}
