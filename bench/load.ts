import { performance } from "node:perf_hooks";
import { percentile } from "./stats";

export interface LoadResult {
  requests: number;
  failures: number;
  elapsedMs: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * A closed-loop load: `clients` callers each send their next request as soon as the previous one answers,
 * until `total` requests have been sent. Latency is per request; throughput is over the whole run.
 * `send(i)` resolves true on success.
 */
export async function runClosedLoop(options: { clients: number; total: number; send: (i: number) => Promise<boolean> }): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  async function client(): Promise<void> {
    for (let i = next++; i < options.total; i = next++) {
      const t0 = performance.now();
      const ok = await options.send(i).catch(() => false);
      latencies.push(performance.now() - t0);
      if (!ok) failures++;
    }
  }
  await Promise.all(Array.from({ length: options.clients }, client));
  const elapsedMs = performance.now() - started;
  return {
    requests: options.total,
    failures,
    elapsedMs,
    perSecond: options.total / (elapsedMs / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}
