import { describe, expect, it } from "vitest";
import { runClosedLoop } from "./load";
import { parsePgbenchOutput } from "./pgbench";

describe("closed-loop load", () => {
  it("sends each request exactly once across clients and counts failures", async () => {
    const seen: number[] = [];
    const result = await runClosedLoop({
      clients: 8,
      total: 100,
      send: async (i) => {
        seen.push(i);
        await new Promise((r) => setTimeout(r, 1));
        return i % 10 !== 0;
      },
    });
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(result.requests).toBe(100);
    expect(result.failures).toBe(10);
    expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
  });
});

describe("pgbench output", () => {
  it("reads tps and average latency", () => {
    const out = "number of failed transactions: 0 (0.000%)\nlatency average = 25.913 ms\ninitial connection time = 40.1 ms\ntps = 1234.876 (without initial connection time)\n";
    expect(parsePgbenchOutput(out)).toEqual({ tps: 1234.876, latencyAvgMs: 25.913 });
  });
});
