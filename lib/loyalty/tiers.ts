import { addMonths } from "./local-time";
import type { TierDefinition } from "./rule-types";

/**
 * Tier qualification, pure. A member qualifies for the highest active tier whose threshold their
 * qualifying amount (points earned net of returns, or spend net of returns, over the rolling window)
 * reaches. Upgrades happen at once when a purchase or event lifts the amount; downgrades only at a review.
 */

/** The first month of a window of `months` calendar months that ends with `currentMonth` ("YYYY-MM-01"). */
export function windowStart(currentMonth: string, months: number): string {
  return addMonths(currentMonth, -(Math.max(1, months) - 1));
}

/** Tiers sorted by rank; the highest one `amount` reaches, or null when it reaches none. */
export function qualifiedTier(tiers: readonly TierDefinition[], amount: number): TierDefinition | null {
  let best: TierDefinition | null = null;
  for (const tier of tiers) if (amount >= tier.threshold && (best === null || tier.rank > best.rank)) best = tier;
  return best;
}

export function tierRank(tiers: readonly TierDefinition[], tierId: string | null): number {
  if (tierId === null) return -1;
  return tiers.find((t) => t.id === tierId)?.rank ?? -1;
}

/** The tier to move to after earning: a higher qualified tier, else null (no change). */
export function upgradeTarget(tiers: readonly TierDefinition[], currentTierId: string | null, amount: number): TierDefinition | null {
  const qualified = qualifiedTier(tiers, amount);
  return qualified && qualified.rank > tierRank(tiers, currentTierId) ? qualified : null;
}

export type DowngradePolicy = "to_qualified" | "one_step" | "never";

/**
 * The tier a review leaves the member in: up to what they qualify for at once; down to it, one tier down
 * at most, or not at all, by policy. Null means no tier (no tier's threshold is reached and none held).
 */
export function reviewTarget(tiers: readonly TierDefinition[], currentTierId: string | null, amount: number, policy: DowngradePolicy): TierDefinition | null {
  const qualified = qualifiedTier(tiers, amount);
  const currentRank = tierRank(tiers, currentTierId);
  const current = tiers.find((t) => t.id === currentTierId) ?? null;
  const qualifiedRank = qualified?.rank ?? -1;
  if (qualifiedRank >= currentRank || policy === "to_qualified") return qualified;
  if (policy === "never") return current;
  // one_step: the best tier ranked below the current one, but never below what the member qualifies for.
  const below = tiers.filter((t) => t.rank < currentRank).sort((a, b) => b.rank - a.rank)[0] ?? null;
  return below && below.rank >= qualifiedRank ? below : qualified;
}

export interface TierProgress {
  current: TierDefinition | null;
  next: TierDefinition | null;
  /** Qualifying points, or spend in minor units, over the window. */
  amount: number;
  /** What the member still needs for the next tier; null at the top. */
  toGo: number | null;
}

export function tierProgress(tiers: readonly TierDefinition[], currentTierId: string | null, amount: number): TierProgress {
  const current = tiers.find((t) => t.id === currentTierId) ?? null;
  const rank = current?.rank ?? -1;
  const next = [...tiers].sort((a, b) => a.rank - b.rank).find((t) => t.rank > rank) ?? null;
  return { current, next, amount, toGo: next ? Math.max(0, next.threshold - amount) : null };
}
