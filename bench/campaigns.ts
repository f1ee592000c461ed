/**
 * The campaigns section of `npm run bench` (bench/run.ts): the "campaigns that learn" simulation on the
 * bench program (docs/campaigns-learning.md). Loads every member's observable features and the generator's
 * true offer propensities, then runs the policies for 20 rounds at two budgets: a tenth of the members per
 * round (where the targeted policy also chooses whom to reach) and half of them. Prints redemption rates,
 * the targeted/one-offer ratios, the variant split's regret, and the wall time of loading and simulating.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { saveCampaignDraft } from "../db/queries/campaigns";
import { selectRows } from "../db/sql";
import { estimateCampaign } from "../lib/campaigns/estimate";
import { launchCampaign } from "../lib/campaigns/launch";
import { changeCampaignStatus } from "../lib/campaigns/lifecycle";
import { campaignInput } from "../lib/campaigns/schemas";
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

/**
 * The launch of a campaign to `recipients` members (issue: under 10 s at 100,000): a draft on every member
 * with marketing consent, two offers, 10% control, e-mail and in-app; the time of `launchCampaign` (audience,
 * split, codes, recipients and outbox rows in one transaction) beside the estimate shown before it. The
 * campaign is cancelled afterwards, so its messages are never sent and it leaves no cap on later runs.
 */
export async function runCampaignLaunchBench(db: Db, options: { recipients?: number } = {}): Promise<string[]> {
  const recipients = options.recipients ?? 100_000;
  const actor = { kind: "system" } as const;
  const [reward] = await selectRows<{ id: string }>(
    db,
    sql`INSERT INTO rewards (program_id, name, kind, value, points_price, cost_minor, cost_currency)
        SELECT id, 'Bench offer ' || gen_random_uuid(), 'percent_off', '{"percent": 20}'::jsonb, 100, 250, currency FROM loyalty_programs WHERE code = 'default'
        RETURNING id`,
  );
  const input = campaignInput.parse({
    name: `Bench launch ${new Date().toISOString()}`,
    goal: "reactivation",
    segmentId: null,
    controlPercent: 10,
    maxRecipients: recipients,
    excludeOtherControls: false,
    channels: ["email", "in_app"],
    templates: { en: { subject: "An offer for you, {{firstName}}", body: "Use {{code}} for {{offer}} until {{validUntil}}." } },
    variants: [
      { name: "A", rewardId: reward!.id, validDays: 14 },
      { name: "B", rewardId: reward!.id, validDays: 7 },
    ],
  });
  const { id } = await saveCampaignDraft(db, { input, actor });
  const estimateStarted = performance.now();
  const estimate = await estimateCampaign(db, { campaignId: id });
  const estimateMs = performance.now() - estimateStarted;
  const launchStarted = performance.now();
  const outcome = await launchCampaign(db, { campaignId: id, actor, actorIsAdmin: true, estimate });
  const launchMs = performance.now() - launchStarted;
  await changeCampaignStatus(db, { campaignId: id, step: "cancel", actor });
  const run = outcome.run!;
  return [
    `estimate before launch (audience, control, cost): ${fmtMs(estimateMs)}; eligible ${estimate.eligible.toLocaleString("en")}`,
    `launch to ${run.treated.toLocaleString("en")} members (+ ${run.control.toLocaleString("en")} control): ${fmtMs(launchMs)} ` +
      `(${run.messages.toLocaleString("en")} outbox messages, ${(run.treated + run.control).toLocaleString("en")} assignments) - goal under 10 s: ${launchMs < 10_000 ? "met" : "NOT met"}`,
  ];
}
