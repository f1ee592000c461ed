import { sampleBeta, thompsonShares, type BetaArm } from "@/lib/models/bandit";
import { SeededRandom } from "@/lib/models/random";

/**
 * "Campaigns that learn", simulated on a population whose true redemption propensities are known (the demo
 * generator's ground truth): how much a targeted Thompson policy gains over sending one offer to everyone,
 * and how much less a Thompson split of variants loses than an equal split (docs/campaigns-learning.md).
 *
 * The ground truth is read in two places only: the Responder, which draws whether a send is redeemed, and
 * the scorekeeping (expected rates, regret). A policy sees members' observable contexts and the outcomes of
 * its own sends, as it would in production.
 */

export interface SimulationPopulation {
  /** Offer types: the columns of `propensity`. */
  offers: readonly string[];
  /** Observable context of each member: an index into contextLabels (lib/campaigns/offer-contexts.ts). */
  contexts: Int32Array;
  contextLabels: readonly string[];
  /** Ground truth, member-major: the probability that member m redeems offer o is propensity[m · offers + o]. */
  propensity: Float64Array;
}

export interface SimulationOptions {
  /** Campaign rounds (one a week, say); 20 by default. */
  rounds?: number;
  /** Offers each policy sends per round: the budget K, the same for every policy. */
  offersPerRound: number;
  seed?: number;
  /** Exploration floor of the variant split (lib/models/bandit.ts thompsonShares); 0.1 by default. */
  minShare?: number;
  /** Monte Carlo draws of the variant split's probability of being best; 10,000 by default. */
  draws?: number;
  /** The "one offer to everyone" campaign reported beside the strongest one; buy_one_get_one by default. */
  referenceOffer?: string;
}

export interface PolicyOutcome {
  sends: number;
  redemptions: number;
  /** redemptions / sends: what the simulated campaign saw. */
  rate: number;
  /** Mean true propensity of the sends: the rate without the luck of the draws. */
  expectedRate: number;
}

export interface ContextSummary {
  label: string;
  members: number;
  /** Targeted sends to this context over all rounds. */
  sends: number;
  /** The offer with the highest posterior mean at the end: what the policy learnt for this context. */
  learntOffer: string;
}

export interface SimulationResult {
  members: number;
  rounds: number;
  offersPerRound: number;
  offers: readonly string[];
  /** Mean true propensity of each offer over the population: its expected rate when sent to random members. */
  offerMeans: number[];
  strongestOffer: PolicyOutcome & { offer: string };
  referenceOffer: PolicyOutcome & { offer: string };
  targeted: PolicyOutcome;
  /** The targeted policy's offer choice for a random audience: the gain from matching offers alone. */
  targetedOfferOnly: PolicyOutcome;
  /** targeted.rate / strongestOffer.rate and / referenceOffer.rate. */
  ratioToStrongest: number;
  ratioToReference: number;
  contexts: ContextSummary[];
  /** Cumulative expected regret after each round, and the rates, of the variant split: Thompson and equal shares. */
  regret: { thompson: number[]; uniform: number[] };
  variants: { thompson: PolicyOutcome; uniform: PolicyOutcome };
}

type Send = (member: number, offer: number) => boolean;

/** The only reader of the ground truth while a policy runs: draws whether each send is redeemed, and keeps score. */
class Responder {
  private sends = 0;
  private redemptions = 0;
  private expected = 0;

  constructor(
    private readonly population: SimulationPopulation,
    private readonly rng: SeededRandom,
  ) {}

  readonly send: Send = (member, offer) => {
    const p = this.population.propensity[member * this.population.offers.length + offer]!;
    this.sends++;
    this.expected += p;
    const redeemed = this.rng.uniform() < p;
    if (redeemed) this.redemptions++;
    return redeemed;
  };

  outcome(): PolicyOutcome {
    const n = Math.max(1, this.sends);
    return { sends: this.sends, redemptions: this.redemptions, rate: this.redemptions / n, expectedRate: this.expected / n };
  }
}

/** In place, Fisher-Yates. */
function shuffle(values: Int32Array, rng: SeededRandom): Int32Array {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const tmp = values[i]!;
    values[i] = values[j]!;
    values[j] = tmp;
  }
  return values;
}

/** Sends per arm for `total` sends split by `shares`: floors, then the leftover to the largest remainders. */
export function allocateSends(shares: readonly number[], total: number): number[] {
  // The epsilon keeps 1/6 × 300 = 49.999… from flooring to 49.
  const counts = shares.map((s) => Math.floor(s * total + 1e-9));
  const order = shares.map((s, i) => i).sort((a, b) => shares[b]! * total - counts[b]! - (shares[a]! * total - counts[a]!) || a - b);
  for (let left = total - counts.reduce((s, c) => s + c, 0), k = 0; left > 0; left--, k++) counts[order[k % order.length]!]! += 1;
  return counts;
}

/** Policy (a): one offer type to K members drawn at random each round. */
function runOneOffer(n: number, offer: number, send: Send, rounds: number, k: number, rng: SeededRandom): void {
  for (let r = 0; r < rounds; r++) for (const member of rng.choose(n, k)) send(member, offer);
}

/**
 * Policy (b): contextual Thompson sampling. A Beta(1, 1) posterior per (context, offer); each round every
 * candidate member draws θ for each offer from their context's posteriors and is given the offer with the
 * highest draw; the K members with the highest θ are sent theirs ("best" audience), or K random members are
 * ("random": offer matching alone). Posteriors are updated once the round's outcomes are in, as a weekly
 * campaign would be. A member may be sent an offer in every round: the ground truth models no fatigue.
 */
function runTargetedThompson(
  population: SimulationPopulation,
  send: Send,
  options: { rounds: number; k: number; rng: SeededRandom; audience: "best" | "random" },
): { alpha: Float64Array; beta: Float64Array; sendsByContext: number[] } {
  const n = population.contexts.length;
  const offers = population.offers.length;
  const alpha = new Float64Array(population.contextLabels.length * offers).fill(1);
  const beta = new Float64Array(alpha.length).fill(1);
  const sendsByContext = new Array<number>(population.contextLabels.length).fill(0);
  const theta = new Float64Array(n);
  const choice = new Int32Array(n);
  const everyone = Int32Array.from({ length: n }, (_, i) => i);
  for (let r = 0; r < options.rounds; r++) {
    const candidates = options.audience === "random" ? options.rng.choose(n, options.k) : everyone;
    for (const m of candidates) {
      const base = population.contexts[m]! * offers;
      let best = -1;
      for (let o = 0; o < offers; o++) {
        const draw = sampleBeta(alpha[base + o]!, beta[base + o]!, options.rng);
        if (draw > best) {
          best = draw;
          choice[m] = o;
        }
      }
      theta[m] = best;
    }
    const audience = options.audience === "random" ? candidates : Int32Array.from(candidates).sort((a, b) => theta[b]! - theta[a]!).subarray(0, options.k);
    const outcomes = Array.from(audience, (m) => {
      sendsByContext[population.contexts[m]!]! += 1;
      return { arm: population.contexts[m]! * offers + choice[m]!, redeemed: send(m, choice[m]!) };
    });
    for (const { arm, redeemed } of outcomes) {
      if (redeemed) alpha[arm]! += 1;
      else beta[arm]! += 1;
    }
  }
  return { alpha, beta, sendsByContext };
}

/**
 * Policy (c): the same offers as variants of one campaign for a random audience of K per round (the same
 * audience for both splits), split by Thompson shares with the exploration floor or equally. Regret per send
 * is the best offer's population mean minus the chosen offer's: expected values, so the comparison does not
 * hang on which sends happened to be redeemed. The Thompson split reads only its own outcomes.
 */
function runVariantRegret(
  n: number,
  offerMeans: readonly number[],
  sends: { thompson: Send; uniform: Send },
  options: { rounds: number; k: number; minShare: number; draws: number; audienceRng: SeededRandom; rng: SeededRandom },
): { thompson: number[]; uniform: number[] } {
  const offers = offerMeans.length;
  const bestMean = Math.max(...offerMeans);
  const regretOf = (counts: readonly number[]) => counts.reduce((s, c, o) => s + c * (bestMean - offerMeans[o]!), 0);
  const arms: BetaArm[] = offerMeans.map(() => ({ alpha: 1, beta: 1 }));
  const equal = allocateSends(offerMeans.map(() => 1 / offers), options.k);
  const cumulative = { thompson: [] as number[], uniform: [] as number[] };
  let thompsonRegret = 0;
  let uniformRegret = 0;
  for (let r = 0; r < options.rounds; r++) {
    const audience = options.audienceRng.choose(n, options.k);
    const shares = thompsonShares(arms, { minShare: options.minShare, draws: options.draws, rng: options.rng });
    const split = allocateSends(shares, audience.length);
    const results: [number, boolean][] = [];
    let at = 0;
    const order = shuffle(Int32Array.from(audience), options.rng);
    split.forEach((count, o) => {
      for (let i = 0; i < count; i++) results.push([o, sends.thompson(order[at++]!, o)]);
    });
    for (const [o, redeemed] of results) {
      if (redeemed) arms[o]!.alpha += 1;
      else arms[o]!.beta += 1;
    }
    at = 0;
    const equalOrder = shuffle(Int32Array.from(audience), options.rng);
    equal.forEach((count, o) => {
      for (let i = 0; i < count; i++) sends.uniform(equalOrder[at++]!, o);
    });
    thompsonRegret += regretOf(split);
    uniformRegret += regretOf(equal);
    cumulative.thompson.push(thompsonRegret);
    cumulative.uniform.push(uniformRegret);
  }
  return cumulative;
}

/** Mean true propensity of each offer over the population. */
function offerMeansOf(population: SimulationPopulation): number[] {
  const offers = population.offers.length;
  const n = population.contexts.length;
  const sums = new Array<number>(offers).fill(0);
  for (let i = 0; i < population.propensity.length; i++) sums[i % offers]! += population.propensity[i]!;
  return sums.map((s) => s / Math.max(1, n));
}

/** Runs the four policies on the same population and budget, each with its own seeded streams. */
export function simulateCampaigns(population: SimulationPopulation, options: SimulationOptions): SimulationResult {
  const n = population.contexts.length;
  if (n === 0 || population.propensity.length !== n * population.offers.length) throw new Error("population is empty or its propensities do not match its members");
  const rounds = options.rounds ?? 20;
  const k = Math.min(n, options.offersPerRound);
  const seed = options.seed ?? 1;
  // Separate streams per policy, so that one policy's draws never shift another's.
  const stream = (s: number) => new SeededRandom(seed * 1_000 + s);
  const responder = (s: number) => new Responder(population, stream(s));

  const offerMeans = offerMeansOf(population);
  const strongest = offerMeans.indexOf(Math.max(...offerMeans));
  const referenceName = options.referenceOffer ?? "buy_one_get_one";
  const reference = population.offers.indexOf(referenceName);
  if (reference < 0) throw new Error(`unknown reference offer ${referenceName}`);

  const strongestResponder = responder(1);
  runOneOffer(n, strongest, strongestResponder.send, rounds, k, stream(2));
  const referenceResponder = responder(3);
  runOneOffer(n, reference, referenceResponder.send, rounds, k, stream(4));
  const targetedResponder = responder(5);
  const targeted = runTargetedThompson(population, targetedResponder.send, { rounds, k, rng: stream(6), audience: "best" });
  const offerOnlyResponder = responder(7);
  runTargetedThompson(population, offerOnlyResponder.send, { rounds, k, rng: stream(8), audience: "random" });
  const thompsonVariants = responder(9);
  const uniformVariants = responder(10);
  const regret = runVariantRegret(n, offerMeans, { thompson: thompsonVariants.send, uniform: uniformVariants.send }, {
    rounds,
    k,
    minShare: options.minShare ?? 0.1,
    draws: options.draws ?? 10_000,
    audienceRng: stream(11),
    rng: stream(12),
  });

  const offers = population.offers.length;
  const membersByContext = new Array<number>(population.contextLabels.length).fill(0);
  for (const c of population.contexts) membersByContext[c]! += 1;
  const contexts = population.contextLabels.map((label, c) => {
    let learnt = 0;
    for (let o = 1; o < offers; o++) {
      const mean = (i: number) => targeted.alpha[c * offers + i]! / (targeted.alpha[c * offers + i]! + targeted.beta[c * offers + i]!);
      if (mean(o) > mean(learnt)) learnt = o;
    }
    return { label, members: membersByContext[c]!, sends: targeted.sendsByContext[c]!, learntOffer: population.offers[learnt]! };
  });

  const strongestOutcome = strongestResponder.outcome();
  const referenceOutcome = referenceResponder.outcome();
  const targetedOutcome = targetedResponder.outcome();
  return {
    members: n,
    rounds,
    offersPerRound: k,
    offers: population.offers,
    offerMeans,
    strongestOffer: { ...strongestOutcome, offer: population.offers[strongest]! },
    referenceOffer: { ...referenceOutcome, offer: referenceName },
    targeted: targetedOutcome,
    targetedOfferOnly: offerOnlyResponder.outcome(),
    ratioToStrongest: targetedOutcome.rate / strongestOutcome.rate,
    ratioToReference: targetedOutcome.rate / referenceOutcome.rate,
    contexts,
    regret,
    variants: { thompson: thompsonVariants.outcome(), uniform: uniformVariants.outcome() },
  };
}
