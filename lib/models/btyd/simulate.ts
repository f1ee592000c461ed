import type { BgNbdParams } from "./bgnbd";
import type { ParetoNbdParams } from "./pareto-nbd";
import type { RfmStats } from "./summary";

/**
 * Customers drawn from the models' own stories, for parameter-recovery tests and the benchmark. The random
 * source is passed in (the demo generator's seeded `Random` fits), so lib/models stays free of any
 * particular generator.
 */
export interface Sampler {
  /** Uniform in (0, 1). */
  uniform(): number;
  gamma(shape: number, scale?: number): number;
  beta(a: number, b: number): number;
  exponential(rate: number): number;
}

export interface SimulationOptions {
  /** Observation length T of each customer (their first purchase is at time 0). */
  observation: (sampler: Sampler) => number;
  /** Times are rounded down to multiples of this grid (e.g. 1/7 for days in weeks); 0 keeps them exact. */
  grid?: number;
}

function onGrid(t: number, grid: number): number {
  return grid > 0 ? Math.floor(t / grid + 1e-9) * grid : t;
}

function finish(purchaseTimes: number[], T: number, grid: number): RfmStats {
  const times = [...new Set(purchaseTimes.map((t) => onGrid(t, grid)))].filter((t) => t > 0);
  const Tg = onGrid(T, grid);
  return { x: times.length, tx: times.length > 0 ? Math.max(...times) : 0, T: Tg };
}

/**
 * BG/NBD: λ ~ Gamma(r, scale 1/α), p ~ Beta(a, b); purchases arrive at rate λ, and after each repeat purchase
 * the customer drops out with probability p (never right after the first, as in the likelihood).
 * With a grid, purchases that land in the same grid cell count once (same-day purchases are one transaction).
 */
export function simulateBgNbd(params: BgNbdParams, customers: number, sampler: Sampler, options: SimulationOptions): RfmStats[] {
  const grid = options.grid ?? 0;
  const result: RfmStats[] = [];
  for (let i = 0; i < customers; i++) {
    const T = options.observation(sampler);
    const rate = sampler.gamma(params.r, 1 / params.alpha);
    const dropout = sampler.beta(params.a, params.b);
    const times: number[] = [];
    for (let t = sampler.exponential(rate); t <= T; t += sampler.exponential(rate)) {
      times.push(t);
      if (sampler.uniform() < dropout) break;
    }
    result.push(finish(times, T, grid));
  }
  return result;
}

/** Pareto/NBD: λ ~ Gamma(r, 1/α), μ ~ Gamma(s, 1/β); purchases at rate λ until an Exp(μ) lifetime ends. */
export function simulateParetoNbd(params: ParetoNbdParams, customers: number, sampler: Sampler, options: SimulationOptions): RfmStats[] {
  const grid = options.grid ?? 0;
  const result: RfmStats[] = [];
  for (let i = 0; i < customers; i++) {
    const T = options.observation(sampler);
    const rate = sampler.gamma(params.r, 1 / params.alpha);
    const end = Math.min(T, sampler.exponential(sampler.gamma(params.s, 1 / params.beta)));
    const times: number[] = [];
    for (let t = sampler.exponential(rate); t <= end; t += sampler.exponential(rate)) times.push(t);
    result.push(finish(times, T, grid));
  }
  return result;
}
