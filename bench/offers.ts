/**
 * The offers section of `npm run bench` (bench/run.ts): GET /api/v1/members/{externalId}/offers for random
 * members, timed through the function the route handler runs (lib/api/member-offers.ts: the member lookup,
 * next best offers, recommendations and reason texts), one request at a time after a warm-up; and the same
 * members through HTTP against the production server with an API key (timeOffersOverHttp: authentication,
 * rate limit and JSON included). Trains the recommendations and the redemption propensity first when the
 * bench database has no model of either (timed: the daily jobs' cost, without the propensity's rescore).
 *
 * Imports server-only modules: run under `tsx --conditions=react-server` (as `npm run bench` does).
 */
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { loadLatestPropensityModel, storePropensityModel, trainPropensityModel } from "../db/queries/offer-propensity";
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
  propensityTrainedMs: number | null;
  /** The members asked after the warm-up, for the HTTP measurement. */
  externalIds: string[];
}

export interface Latency {
  requests: number;
  failures: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

function latency(samples: number[], failures: number): Latency {
  return { requests: samples.length, failures, p50Ms: median(samples), p95Ms: percentile(samples, 95), p99Ms: percentile(samples, 99) };
}

export async function runOffersBench(db: Db, options: { requests: number; now: Date }): Promise<OffersBench> {
  let trainedMs: number | null = null;
  if (!(await latestRecommendationModel(db))) {
    const started = performance.now();
    await trainRecommendations(db, { now: options.now });
    trainedMs = performance.now() - started;
  }
  let propensityTrainedMs: number | null = null;
  if (!(await loadLatestPropensityModel(db))) {
    const started = performance.now();
    await storePropensityModel(db, await trainPropensityModel(db, { now: options.now }));
    propensityTrainedMs = performance.now() - started;
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
  return { ...latency(samples, 0), withOffers, withRecommendations, trainedMs, propensityTrainedMs, externalIds: ids.slice(WARM_UP) };
}

/** The same members through the real endpoint, one request at a time after a warm-up on the first ones. */
export async function timeOffersOverHttp(baseUrl: string, token: string, externalIds: readonly string[]): Promise<Latency> {
  const get = (id: string) => fetch(`${baseUrl}/api/v1/members/${encodeURIComponent(id)}/offers`, { headers: { Authorization: `Bearer ${token}` } });
  for (const id of externalIds.slice(0, WARM_UP)) await (await get(id)).arrayBuffer();
  const samples: number[] = [];
  let failures = 0;
  for (const id of externalIds) {
    const started = performance.now();
    const response = await get(id);
    await response.arrayBuffer();
    samples.push(performance.now() - started);
    if (response.status !== 200) failures++;
  }
  return latency(samples, failures);
}

const goal = (p95Ms: number) => `(goal p95 < 50 ms: ${p95Ms < 50 ? "met" : "NOT met"})`;

export function formatHttpOffers(result: Latency): string {
  return `GET /api/v1/members/{id}/offers over HTTP with an API key, ${result.requests} requests (${result.failures} failed): p50 ${fmtMs(result.p50Ms)}, p95 ${fmtMs(result.p95Ms)}, p99 ${fmtMs(result.p99Ms)}  ${goal(result.p95Ms)}`;
}

export function formatOffersBench(result: OffersBench): string[] {
  return [
    ...(result.trainedMs === null ? [] : [`recommendations trained (no model yet): ${(result.trainedMs / 1000).toFixed(1)} s`]),
    ...(result.propensityTrainedMs === null ? [] : [`redemption propensity trained (no model yet): ${(result.propensityTrainedMs / 1000).toFixed(1)} s`]),
    `the endpoint's work in process (lib/api/member-offers.ts), ${result.requests} random members one at a time: p50 ${fmtMs(result.p50Ms)}, p95 ${fmtMs(result.p95Ms)}, p99 ${fmtMs(result.p99Ms)}  ${goal(result.p95Ms)}`,
    `  ${result.withOffers} answers with a next best offer, ${result.withRecommendations} with recommendations`,
  ];
}
