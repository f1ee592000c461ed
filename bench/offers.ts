/**
 * The offers section of `npm run bench` (bench/run.ts): GET /api/v1/members/{externalId}/offers for random
 * members, timed through the function the route handler runs (lib/api/member-offers.ts: the member lookup,
 * next best offers, recommendations and reason texts), one request at a time after a warm-up. The API key's
 * authentication and rate limit (one indexed read, cached) and the JSON serialization are not in the figure.
 * Trains the recommendations first when the bench database has no model (timed: the daily job's cost).
 *
 * Imports server-only modules: run under `tsx --conditions=react-server` (as `npm run bench` does).
 */
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { latestRecommendationModel } from "../db/queries/recommendations";
import { trainRecommendations } from "../db/queries/recommendations-train";
import { selectRows } from "../db/sql";
import { answerMemberOffers } from "../lib/api/member-offers";
import { fmtMs, median, percentile } from "./stats";

const WARM_UP = 20;

export interface OffersBench {
  requests: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  withOffers: number;
  withRecommendations: number;
  trainedMs: number | null;
}

export async function runOffersBench(db: Db, options: { requests: number; now: Date }): Promise<OffersBench> {
  let trainedMs: number | null = null;
  if (!(await latestRecommendationModel(db))) {
    const started = performance.now();
    await trainRecommendations(db, { now: options.now });
    trainedMs = performance.now() - started;
  }
  // Random members: each kept with a probability that yields about four times as many as needed, then cut.
  const wanted = options.requests + WARM_UP;
  const [{ n } = { n: 0 }] = await selectRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM members`);
  const members = await selectRows<{ external_id: string }>(
    db,
    sql`SELECT external_id FROM members WHERE status <> 'erased' AND external_id IS NOT NULL AND random() < ${Math.min(1, (4 * wanted) / Math.max(1, n))}::float8
         LIMIT ${wanted}`,
  );
  const ids = members.map((m) => m.external_id);
  if (ids.length < WARM_UP + 1) throw new Error(`only ${ids.length} members sampled`);
  const ask = (externalId: string) => answerMemberOffers(db, { externalId, offers: 3, products: 10, now: options.now });
  for (const id of ids.slice(0, WARM_UP)) await ask(id);
  const samples: number[] = [];
  let withOffers = 0;
  let withRecommendations = 0;
  for (const id of ids.slice(WARM_UP)) {
    const started = performance.now();
    const answer = await ask(id);
    samples.push(performance.now() - started);
    if (answer.offers.length > 0) withOffers++;
    if (answer.recommendations.length > 0) withRecommendations++;
  }
  return { requests: samples.length, p50Ms: median(samples), p95Ms: percentile(samples, 95), p99Ms: percentile(samples, 99), withOffers, withRecommendations, trainedMs };
}

export function formatOffersBench(result: OffersBench): string[] {
  return [
    ...(result.trainedMs === null ? [] : [`recommendations trained (no model yet): ${(result.trainedMs / 1000).toFixed(1)} s`]),
    `GET /members/{id}/offers, ${result.requests} random members one at a time: p50 ${fmtMs(result.p50Ms)}, p95 ${fmtMs(result.p95Ms)}, p99 ${fmtMs(result.p99Ms)}` +
      `  (goal p95 < 50 ms: ${result.p95Ms < 50 ? "met" : "NOT met"})`,
    `  ${result.withOffers} answers with a next best offer, ${result.withRecommendations} with recommendations`,
  ];
}
