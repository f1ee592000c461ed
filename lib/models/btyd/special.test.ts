import { describe, expect, it } from "vitest";
import { hyp2f1, hyp2f1MinusOneOverB, logAddExp, logBeta, logGamma, logHyp2f1APlusOne, logSubExp } from "./special";

describe("log-gamma", () => {
  it("ln Γ(1) = ln Γ(2) = 0, ln Γ(5) = ln 24, ln Γ(1/2) = ln √π, ln Γ(10.5) = ln(9.5 · 8.5 · ... · 0.5 · √π)", () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(2)).toBeCloseTo(0, 14);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    let product = Math.sqrt(Math.PI);
    for (let k = 0.5; k < 10.5; k++) product *= k;
    expect(logGamma(10.5)).toBeCloseTo(Math.log(product), 12);
  });

  it("ln Γ(171) = ln 170! summed term by term, and a tiny argument follows ln Γ(z) ≈ -ln z", () => {
    let sum = 0;
    for (let k = 2; k <= 170; k++) sum += Math.log(k);
    expect(logGamma(171) / sum).toBeCloseTo(1, 13);
    expect(logGamma(1e-8)).toBeCloseTo(-Math.log(1e-8), 6);
  });

  it("ln B(2, 3) = ln(1! 2! / 4!) = ln(1/12); non-positive arguments give NaN", () => {
    expect(logBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 13);
    expect(logGamma(0)).toBeNaN();
  });
});

describe("log-sum-exp helpers", () => {
  it("ln(e^1000 + e^1000) = 1000 + ln 2 without overflow; ln(e^3 - e^2) = ln(e^3 - e^2)", () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.log(2), 12);
    expect(logAddExp(Number.NEGATIVE_INFINITY, 5)).toBe(5);
    expect(logSubExp(3, 2)).toBeCloseTo(Math.log(Math.exp(3) - Math.exp(2)), 13);
    expect(logSubExp(2, 2)).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe("Gauss hypergeometric series", () => {
  it("2F1(1, 1; 2; z) = -ln(1 - z) / z, also at z = 0.99", () => {
    for (const z of [0.1, 0.5, 0.9, 0.99]) expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log1p(-z) / z, 12);
  });

  it("2F1(a, b; b; z) = (1 - z)^-a", () => {
    expect(hyp2f1(2.5, 3.7, 3.7, 0.3)).toBeCloseTo(Math.pow(0.7, -2.5), 12);
    expect(hyp2f1(0.4, 1.3, 1.3, 0.95) / Math.pow(0.05, -0.4)).toBeCloseTo(1, 12);
  });

  it("2F1(1/2, 1/2; 3/2; z²) = arcsin(z) / z", () => {
    const z = 0.8;
    expect(hyp2f1(0.5, 0.5, 1.5, z * z)).toBeCloseTo(Math.asin(z) / z, 12);
  });

  it("(2F1(a, b; c; z) - 1) / b summed directly equals the quotient computed from the series", () => {
    const [a, b, c, z] = [1.7, 0.6, 3.2, 0.7];
    expect(hyp2f1MinusOneOverB(a, b, c, z)).toBeCloseTo((hyp2f1(a, b, c, z) - 1) / b, 12);
    // b → 0: the quotient tends to Σ (a)_j (j-1)! / ((c)_j j!) z^j, finite, where the plain form is 0/0.
    expect(hyp2f1MinusOneOverB(a, 1e-12, c, z)).toBeCloseTo(hyp2f1MinusOneOverB(a, 0, c, z), 10);
  });

  it("the Euler-transformed ln 2F1(a, b; a+1; z) matches the plain series, and stays finite for b = 300 at z = 0.999", () => {
    expect(logHyp2f1APlusOne(3.2, 1.6, 0.4)).toBeCloseTo(Math.log(hyp2f1(3.2, 1.6, 4.2, 0.4)), 12);
    expect(logHyp2f1APlusOne(30.5, 25.3, 0.6)).toBeCloseTo(Math.log(hyp2f1(30.5, 25.3, 31.5, 0.6)), 10);
    const big = logHyp2f1APlusOne(301, 300, 0.999);
    expect(Number.isFinite(big)).toBe(true);
    // The transformed series starts at 1 and its terms are positive, so ln 2F1 >= (1 - b) ln(1 - z).
    expect(big).toBeGreaterThanOrEqual(-299 * Math.log(0.001));
  });

  it("refuses z outside [0, 1)", () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
  });
});
