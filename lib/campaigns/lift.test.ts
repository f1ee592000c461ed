import { describe, expect, it } from "vitest";
import { compareGroups, incompleteBetaRegularized, rateInterval, roi, studentTCdf, studentTQuantile, type GroupTotals } from "./lift";

/** Totals of n members with this mean and sample standard deviation: Σx = n·mean, Σx² = (n-1)·sd² + (Σx)²/n. */
function totals(n: number, mean: number, sd: number): GroupTotals {
  const sum = n * mean;
  return { n, sum, sumSquares: (n - 1) * sd * sd + (sum * sum) / n };
}

/** Totals of raw values. */
function totalsOf(values: readonly number[]): GroupTotals {
  return { n: values.length, sum: values.reduce((s, x) => s + x, 0), sumSquares: values.reduce((s, x) => s + x * x, 0) };
}

describe("Student's t", () => {
  it("df 1 is Cauchy: t(0.975) = tan(0.475π) = 12.7062; df 2 has t(p) = (2p-1)/√(2p(1-p)) = 0.95/√0.04875 = 4.3027", () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(Math.tan(0.475 * Math.PI), 9);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(0.95 / Math.sqrt(0.04875), 9);
  });

  it("matches R's qt(): qt(.975, 5) = 2.570582, qt(.975, 10) = 2.228139, qt(.975, 30) = 2.042272, qt(.975, 120) = 1.979930, qt(.95, 10) = 1.812461, qt(.995, 20) = 2.845340, qt(.975, 2.5) = 3.574655", () => {
    const cases: [number, number, number][] = [
      [0.975, 5, 2.5705818356363],
      [0.975, 10, 2.2281388519863],
      [0.975, 30, 2.0422724563012],
      [0.975, 120, 1.9799304050824],
      [0.95, 10, 1.8124611228117],
      [0.995, 20, 2.8453397097861],
      [0.975, 2.5, 3.5746548420037],
    ];
    for (const [p, df, expected] of cases) expect(studentTQuantile(p, df)).toBeCloseTo(expected, 9);
  });

  it("approaches the normal's 1.959964 from above for large df: qt(.975, 1000) = 1.962339, qt(.975, 1e6) = 1.959966", () => {
    expect(studentTQuantile(0.975, 1000)).toBeCloseTo(1.9623390808264, 9);
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.9599663568141, 8);
  });

  it("CDF is symmetric about 0 (F(0) = 0.5, F(-t) = 1 - F(t)) and inverts the quantile", () => {
    expect(studentTCdf(0, 7)).toBeCloseTo(0.5, 15);
    expect(studentTCdf(-1.3, 7) + studentTCdf(1.3, 7)).toBeCloseTo(1, 14);
    expect(studentTCdf(studentTQuantile(0.9, 13.4), 13.4)).toBeCloseTo(0.9, 12);
  });

  it("I_x(1, 1) = x, I_x(2, 1) = x², I_0.5(a, a) = 0.5", () => {
    expect(incompleteBetaRegularized(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(incompleteBetaRegularized(0.3, 2, 1)).toBeCloseTo(0.09, 14);
    expect(incompleteBetaRegularized(0.5, 7.5, 7.5)).toBeCloseTo(0.5, 14);
  });

  it("refuses a lower quantile or df <= 0", () => {
    expect(() => studentTQuantile(0.4, 10)).toThrow(RangeError);
    expect(() => studentTQuantile(0.975, 0)).toThrow(RangeError);
  });
});

describe("Welch comparison of treated and control", () => {
  it("treated mean 12.00 vs control 10.00 over 100 and 100 members, sd 2.00 each: difference 2.00, incremental revenue 200.00, lift 20%", () => {
    // se = √(200²/100 + 200²/100) = √800 = 28.284 cents; df = 800² / (2 · 400²/99) = 198; qt(.975, 198) = 1.972017;
    // half-width = 1.972017 · 28.284 = 55.777 cents: difference [144.22, 255.78] cents, lift [14.42 %, 25.58 %].
    const result = compareGroups(totals(100, 1200, 200), totals(100, 1000, 200));
    expect(result).not.toBeNull();
    const r = result!;
    expect(r.treatedMean).toBeCloseTo(1200, 9);
    expect(r.controlMean).toBeCloseTo(1000, 9);
    expect(r.difference).toBeCloseTo(200, 9);
    expect(r.incremental).toBeCloseTo(20_000, 6);
    expect(r.lift).toBeCloseTo(0.2, 12);
    expect(r.standardError).toBeCloseTo(Math.sqrt(800), 9);
    expect(r.degreesOfFreedom).toBeCloseTo(198, 9);
    expect(r.differenceLow).toBeCloseTo(144.222922752142, 6);
    expect(r.differenceHigh).toBeCloseTo(255.777077247858, 6);
    expect(r.incrementalLow).toBeCloseTo(14_422.2922752142, 4);
    expect(r.incrementalHigh).toBeCloseTo(25_577.7077247858, 4);
    expect(r.liftLow).toBeCloseTo(0.144222922752142, 9);
    expect(r.liftHigh).toBeCloseTo(0.255777077247858, 9);
  });

  it("unequal groups: treated 50 at 15.00 (sd 6.00) vs control 200 at 12.00 (sd 3.00): se = √(7200 + 450) = 87.46, df = 7650² / (7200²/49 + 450²/199) = 55.26, difference 3.00 in [1.25, 4.75], incremental 150.00, lift 25%", () => {
    const r = compareGroups(totals(50, 1500, 600), totals(200, 1200, 300))!;
    expect(r.standardError).toBeCloseTo(Math.sqrt(7650), 9);
    expect(r.degreesOfFreedom).toBeCloseTo(55.2632518188771, 8);
    expect(r.difference).toBeCloseTo(300, 9);
    expect(r.differenceLow).toBeCloseTo(124.73643495413, 6);
    expect(r.differenceHigh).toBeCloseTo(475.26356504587, 6);
    expect(r.incremental).toBeCloseTo(15_000, 6);
    expect(r.lift).toBeCloseTo(0.25, 12);
  });

  it("reproduces R's t.test(extra ~ group, data = sleep) (Welch): t = -1.8608, df = 17.776, 95% CI [-3.3654832, 0.2054832] hours, here in tenths", () => {
    // Student's sleep data (Cushny & Peebles), hours × 10 to make integer minor units. R prints
    // "t = -1.8608, df = 17.776, p-value = 0.07939; 95 percent confidence interval: -3.3654832 0.2054832".
    const drugA = totalsOf([7, -16, -2, -12, -1, 34, 37, 8, 0, 20]);
    const drugB = totalsOf([19, 8, 11, 1, -1, 44, 55, 16, 46, 34]);
    expect(drugA).toEqual({ n: 10, sum: 75, sumSquares: 3443 });
    const r = compareGroups(drugA, drugB)!;
    expect(r.difference).toBeCloseTo(-15.8, 12);
    expect(r.difference / r.standardError).toBeCloseTo(-1.860813467486853, 9);
    expect(r.degreesOfFreedom).toBeCloseTo(17.776473516178495, 9);
    expect(r.differenceLow).toBeCloseTo(-33.654832307117, 7);
    expect(r.differenceHigh).toBeCloseTo(2.054832307117, 7);
  });

  it("a 90% interval is narrower than the 95% one around the same difference", () => {
    const r95 = compareGroups(totals(40, 1100, 500), totals(40, 1000, 500))!;
    const r90 = compareGroups(totals(40, 1100, 500), totals(40, 1000, 500), { confidence: 0.9 })!;
    expect(r90.difference).toBeCloseTo(r95.difference, 12);
    expect(r90.differenceHigh - r90.differenceLow).toBeLessThan(r95.differenceHigh - r95.differenceLow);
  });

  it("no spread in either group: the interval is the difference itself (5.00 - 4.00 = 1.00)", () => {
    const r = compareGroups(totalsOf([500, 500, 500]), totalsOf([400, 400]))!;
    expect(r.standardError).toBe(0);
    expect(r.differenceLow).toBe(100);
    expect(r.differenceHigh).toBe(100);
    expect(r.degreesOfFreedom).toBe(3);
  });

  it("control mean 0: lift is null, the incremental revenue is still 3 members × 2.00 = 6.00", () => {
    const r = compareGroups(totalsOf([100, 200, 300]), totalsOf([0, 0, 0]))!;
    expect(r.incremental).toBeCloseTo(600, 9);
    expect(r.lift).toBeNull();
    expect(r.liftLow).toBeNull();
    expect(r.liftHigh).toBeNull();
  });

  it("a group of fewer than 2 members has no variance: null", () => {
    expect(compareGroups(totalsOf([100]), totalsOf([100, 200]))).toBeNull();
    expect(compareGroups(totalsOf([100, 200]), totalsOf([]))).toBeNull();
  });
});

describe("ROI", () => {
  it("incremental 2,000.00 at 40% margin = 800.00 profit against 500.00 cost: (800 - 500) / 500 = 0.6", () => {
    expect(roi({ incrementalRevenueMinor: 200_000, marginPercent: 40, costMinor: 50_000 })).toBeCloseTo(0.6, 12);
  });

  it("incremental 1,000.00 at 25% margin against 500.00 cost loses half: (250 - 500) / 500 = -0.5; no cost gives null", () => {
    expect(roi({ incrementalRevenueMinor: 100_000, marginPercent: 25, costMinor: 50_000 })).toBeCloseTo(-0.5, 12);
    expect(roi({ incrementalRevenueMinor: 100_000, marginPercent: 25, costMinor: 0 })).toBeNull();
  });
});

describe("Wilson interval of a redemption rate", () => {
  it("50 of 100: centre (0.5 + 1.92/100)/1.0384 = 0.5, half 1.8875 · √(0.0025 + 0.000096) = 0.0962: [0.4038, 0.5962] (R prop.test(50, 100, correct = FALSE))", () => {
    const r = rateInterval(50, 100)!;
    expect(r.rate).toBe(0.5);
    expect(r.low).toBeCloseTo(0.4038315, 6);
    expect(r.high).toBeCloseTo(0.5961685, 6);
  });

  it("0 of 10 is not an empty interval: [0, z²/(n + z²)] = [0, 3.8415/13.8415] = [0, 0.2775]", () => {
    const r = rateInterval(0, 10)!;
    expect(r.low).toBe(0);
    expect(r.high).toBeCloseTo(3.841458820694124 / 13.841458820694124, 9);
  });

  it("10 of 10 mirrors it: [1 - 0.2775, 1]; no trials gives null", () => {
    const r = rateInterval(10, 10)!;
    expect(r.low).toBeCloseTo(1 - 3.841458820694124 / 13.841458820694124, 9);
    expect(r.high).toBe(1);
    expect(rateInterval(0, 0)).toBeNull();
  });
});
