/**
 * Beta-Bernoulli bandits for campaign variants and offers (docs/campaigns-learning.md): each arm's redemption
 * rate has a Beta posterior; Thompson sampling sends each arm the share of traffic equal to its probability
 * of being the best, with an exploration floor, and a winner is declared once one arm is best with
 * probability ≥ 95 %. Pure and seeded: the same seed gives the same shares.
 */

/** A source of uniform draws in [0, 1): SeededRandom (lib/models/random.ts) is one. */
export interface UniformSource {
  uniform(): number;
}

/** Beta(alpha, beta) posterior of an arm's redemption rate. */
export interface BetaArm {
  alpha: number;
  beta: number;
}

/** Posterior after `sent` offers and `redeemed` redemptions, from a uniform Beta(1, 1) prior. */
export function posteriorOf(sent: number, redeemed: number): BetaArm {
  return { alpha: 1 + redeemed, beta: 1 + sent - redeemed };
}

/** A standard normal draw (Marsaglia's polar method; the second value of the pair is dropped to stay stateless). */
export function sampleNormal(rng: UniformSource): number {
  for (;;) {
    const u = 2 * rng.uniform() - 1;
    const v = 2 * rng.uniform() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/**
 * A Gamma(shape, 1) draw by Marsaglia & Tsang (2000), "A simple method for generating gamma variables":
 * a squeezed rejection from a transformed normal that accepts over 95 % of the time for shape ≥ 1. Below 1,
 * Gamma(a) = Gamma(a + 1) · U^(1/a) (their §6).
 */
export function sampleGamma(shape: number, rng: UniformSource): number {
  if (!(shape > 0)) throw new RangeError(`gamma shape must be positive (got ${shape})`);
  // 1 - U is in (0, 1]: U^(1/a) must not be 0, or a Beta draw could be 0 / 0.
  if (shape < 1) return sampleGamma(shape + 1, rng) * Math.pow(1 - rng.uniform(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = sampleNormal(rng);
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = rng.uniform();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A Beta(alpha, beta) draw as X / (X + Y) with X ~ Gamma(alpha), Y ~ Gamma(beta). */
export function sampleBeta(alpha: number, beta: number, rng: UniformSource): number {
  const x = sampleGamma(alpha, rng);
  return x / (x + sampleGamma(beta, rng));
}

export interface MonteCarloOptions {
  /** Joint draws of every arm; 10,000 puts the Monte Carlo error of a probability below 0.005. */
  draws?: number;
  rng: UniformSource;
}

/** The share of joint posterior draws in which each arm has the highest rate (ties go to the first arm). */
export function probabilityBest(arms: readonly BetaArm[], options: MonteCarloOptions): number[] {
  const draws = options.draws ?? 10_000;
  const wins = new Array<number>(arms.length).fill(0);
  if (arms.length === 0) return wins;
  for (let d = 0; d < draws; d++) {
    let best = 0;
    let bestValue = Number.NEGATIVE_INFINITY;
    arms.forEach((arm, i) => {
      const value = sampleBeta(arm.alpha, arm.beta, options.rng);
      if (value > bestValue) {
        best = i;
        bestValue = value;
      }
    });
    wins[best]! += 1;
  }
  return wins.map((w) => w / draws);
}

/**
 * Raises every share to at least `minShare` and renormalizes the rest (water-filling), so that a losing arm
 * keeps being measured and can come back if it was unlucky early:
 *   1. floor = min(minShare, 1 / arms) (a floor above an equal split would not sum to 1);
 *   2. arms whose share is below the floor are fixed at the floor;
 *   3. the other arms split 1 - floor × (fixed arms) in proportion to their probabilities;
 *   4. if that pushes another arm below the floor, fix it too and repeat from 3.
 * The arm with the highest probability is never fixed (its share is at least an equal split of what is
 * left, which exceeds the floor), so the loop ends within `arms` passes and the shares sum to 1.
 */
export function applyExplorationFloor(probabilities: readonly number[], minShare: number): number[] {
  const n = probabilities.length;
  if (n === 0) return [];
  const floor = Math.min(Math.max(0, minShare), 1 / n);
  const fixed = new Array<boolean>(n).fill(false);
  let shares = [...probabilities];
  for (let pass = 0; pass < n; pass++) {
    const fixedCount = fixed.filter(Boolean).length;
    const freeMass = 1 - floor * fixedCount;
    const freeProbability = probabilities.reduce((s, p, i) => (fixed[i] ? s : s + p), 0);
    shares = probabilities.map((p, i) =>
      fixed[i] ? floor : freeProbability > 0 ? (freeMass * p) / freeProbability : freeMass / (n - fixedCount),
    );
    let changed = false;
    shares.forEach((share, i) => {
      if (!fixed[i] && share < floor) {
        fixed[i] = true;
        changed = true;
      }
    });
    if (!changed) break;
  }
  return shares;
}

/**
 * Thompson sampling's traffic split: each arm's probability of being best (Monte Carlo), then the exploration
 * floor of applyExplorationFloor. One arm gets everything.
 */
export function thompsonShares(arms: readonly BetaArm[], options: MonteCarloOptions & { minShare?: number }): number[] {
  if (arms.length <= 1) return arms.map(() => 1);
  return applyExplorationFloor(probabilityBest(arms, options), options.minShare ?? 0.1);
}

/**
 * The arm that is best with probability at least `threshold` (default 0.95), or null while no arm is.
 * With a threshold at or below 0.5 two arms could both qualify: the more probable one is named.
 */
export function winner(arms: readonly BetaArm[], options: MonteCarloOptions & { threshold?: number }): number | null {
  if (arms.length === 0) return null;
  return leaderAbove(probabilityBest(arms, options), options.threshold ?? 0.95);
}

/** The winner rule on probabilities already drawn: the most probable arm, if it reaches `threshold`. */
export function leaderAbove(probabilities: readonly number[], threshold: number): number | null {
  if (probabilities.length === 0) return null;
  let best = 0;
  probabilities.forEach((p, i) => {
    if (p > probabilities[best]!) best = i;
  });
  return probabilities[best]! >= threshold ? best : null;
}
