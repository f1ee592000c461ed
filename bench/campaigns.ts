/**
 * The campaigns section of `npm run bench` (bench/run.ts): the "campaigns that learn" simulation on the
 * bench program (docs/campaigns-learning.md). Loads every member's observable features and the generator's
 * true offer propensities, then runs the policies for 20 rounds at two budgets: a tenth of the members per
 * round (where the targeted policy also chooses whom to reach) and half of them. Prints redemption rates,
 * the targeted/one-offer ratios, the variant split's regret, and the wall time of loading and simulating.
 */
import type { Db } from "../db/client";
import { loadCampaignSimulationPopulation } from "../db/queries/campaign-simulation";
import { simulateCampaigns, type SimulationResult } from "../lib/campaigns/simulate";
import { fmtMs } from "./stats";

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/** Regret after rounds 1, 5, 10 and 20 (or the last), Thompson against the equal split. */
function regretSummary(result: SimulationResult): string {
  const marks = [1, 5, 10, 20].filter((r) => r <= result.rounds);
  if (!marks.includes(result.rounds)) marks.push(result.rounds);
  return marks.map((r) => `round ${r}: ${result.regret.thompson[r - 1]!.toFixed(1)} vs ${result.regret.uniform[r - 1]!.toFixed(1)}`).join("; ");
}

function formatResult(result: SimulationResult, simulateMs: number): string[] {
  const sends = result.rounds * result.offersPerRound;
  return [
    `${result.rounds} rounds of ${result.offersPerRound.toLocaleString("en")} offers (${sends.toLocaleString("en")} per policy), simulated in ${fmtMs(simulateMs)}:`,
    `  one offer to random members, strongest (${result.strongestOffer.offer}): ${pct(result.strongestOffer.rate)} redeemed; ` +
      `${result.referenceOffer.offer}: ${pct(result.referenceOffer.rate)}`,
    `  targeted Thompson (8 observable contexts x 6 offers): ${pct(result.targeted.rate)} (expected ${pct(result.targeted.expectedRate)}) = ` +
      `${result.ratioToStrongest.toFixed(2)} x the strongest one-offer campaign, ${result.ratioToReference.toFixed(2)} x ${result.referenceOffer.offer}`,
    `  offer matching alone (targeted offer, random members): ${pct(result.targetedOfferOnly.rate)} = ${(result.targetedOfferOnly.rate / result.strongestOffer.rate).toFixed(2)} x the strongest`,
    // A context the policy rarely reached has a posterior close to its prior: its sends say how far to trust it.
    `  learnt per context (members, targeted sends): ${result.contexts
      .filter((c) => c.members > 0)
      .map((c) => `${c.label} (${c.members.toLocaleString("en")}, ${c.sends.toLocaleString("en")}) -> ${c.learntOffer}`)
      .join(", ")}`,
    `  six offers as variants, cumulative expected regret (redemptions lost to the best offer), Thompson vs equal split: ${regretSummary(result)}`,
    `  variant redemption: Thompson ${pct(result.variants.thompson.rate)}, equal split ${pct(result.variants.uniform.rate)}`,
  ];
}

export async function runCampaignSimulationBench(db: Db, options: { rounds?: number; seed?: number } = {}): Promise<string[]> {
  const loadStarted = performance.now();
  const population = await loadCampaignSimulationPopulation(db, { scope: { kind: "all" } });
  const loadMs = performance.now() - loadStarted;
  const n = population.contexts.length;
  if (n === 0) return ["campaign simulation: no members with ground truth (the bench database holds no generated program)"];
  const lines = [
    `population: ${n.toLocaleString("en")} members with features and true offer propensities, loaded in ${fmtMs(loadMs)}; ` +
      `mean true propensity ${population.offers.map((o, i) => `${o} ${pct(meanOf(population.propensity, i, population.offers.length))}`).join(", ")}`,
  ];
  for (const fraction of [0.1, 0.5]) {
    const started = performance.now();
    const result = simulateCampaigns(population, { offersPerRound: Math.max(1, Math.round(fraction * n)), rounds: options.rounds ?? 20, seed: options.seed ?? 1 });
    lines.push(...formatResult(result, performance.now() - started));
  }
  return lines;
}

function meanOf(propensity: Float64Array, offer: number, offers: number): number {
  let sum = 0;
  for (let i = offer; i < propensity.length; i += offers) sum += propensity[i]!;
  return sum / Math.max(1, propensity.length / offers);
}
