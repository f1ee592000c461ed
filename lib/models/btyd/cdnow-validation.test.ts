import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveSharedPath } from "@/scripts/shared-data";
import { validateCdnow } from "./validation";

// CI clones the repository with ../shared beside it: a missing data set fails this test, never skips it.
const DATA = resolveSharedPath("../shared/data/cdnow");

describe("CDNOW validation against the published results", () => {
  it("reproduces BG/NBD, Pareto/NBD and Gamma-Gamma on the 2,357-customer sample (the models:validate checks)", () => {
    const sample = path.join(DATA, "CDNOW_sample.txt");
    const summary = path.join(DATA, "cdnow_customers_summary.csv");
    expect(existsSync(sample), `${sample} must exist`).toBe(true);
    expect(existsSync(summary), `${summary} must exist`).toBe(true);

    const report = validateCdnow(readFileSync(sample, "utf8"), readFileSync(summary, "utf8"));
    expect(report.customers).toBe(2357);
    expect(report.purchases).toBe(6919);
    expect(report.summaryMismatches).toEqual([]);
    for (const check of report.checks) expect(check.pass, `${check.name}: ours ${check.ours}, published ${check.published}`).toBe(true);
    expect(report.pass).toBe(true);

    // The acceptance figures, stated here as well as in the report's checks.
    const { bgNbd, paretoNbd, gammaGamma } = report.fits;
    expect(bgNbd.params.r).toBeCloseTo(0.243, 3);
    expect(bgNbd.params.alpha).toBeCloseTo(4.414, 2);
    expect(bgNbd.params.a).toBeCloseTo(0.793, 3);
    expect(bgNbd.params.b).toBeCloseTo(2.426, 2);
    expect(Math.abs(bgNbd.logLikelihood - -9582.4)).toBeLessThanOrEqual(0.1);
    expect(paretoNbd.params.r).toBeCloseTo(0.553, 3);
    expect(paretoNbd.params.alpha).toBeCloseTo(10.578, 2);
    expect(paretoNbd.params.s).toBeCloseTo(0.606, 3);
    expect(paretoNbd.params.beta).toBeCloseTo(11.669, 1);
    expect(Math.abs(paretoNbd.logLikelihood - -9595.0)).toBeLessThanOrEqual(0.1);
    expect(gammaGamma.params.p).toBeCloseTo(6.25, 1);
    expect(gammaGamma.params.q).toBeCloseTo(3.74, 2);
    expect(gammaGamma.params.gamma).toBeCloseTo(15.44, 1);
    const example = report.checks.find((c) => c.name.startsWith("BG/NBD E[Y(39)]"))!;
    expect(Math.abs(example.ours - 1.226)).toBeLessThanOrEqual(0.001);
    expect(report.tracking.at(-1)).toMatchObject({ week: 78, actual: 4339 });
  });
});
