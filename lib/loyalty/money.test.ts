import { describe, expect, it } from "vitest";
import { baseFraction, currencyDigits, decimalToMinor, extraPoints, floorFraction, formatScaled, minorToDecimal, parseScaled, proportion, trimDecimal } from "./money";

describe("decimalToMinor", () => {
  it("converts 12.5 EUR (number) and \"12.50\" (string) to 1250 minor units", () => {
    expect(decimalToMinor(12.5, "EUR")).toEqual({ ok: true, minor: 1250 });
    expect(decimalToMinor("12.50", "EUR")).toEqual({ ok: true, minor: 1250 });
    expect(decimalToMinor("0.1", "EUR")).toEqual({ ok: true, minor: 10 });
    expect(decimalToMinor(0.07, "EUR")).toEqual({ ok: true, minor: 7 });
  });

  it("refuses 12.345 EUR: more decimals than the currency has", () => {
    const result = decimalToMinor("12.345", "EUR");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain("2 decimals");
  });

  it("accepts trailing zeros beyond the currency's digits (12.5000 EUR = 1250)", () => {
    expect(decimalToMinor("12.5000", "EUR")).toEqual({ ok: true, minor: 1250 });
  });

  it("knows currencies without minor units (JPY) and with three (BHD) from Intl", () => {
    expect(currencyDigits("JPY")).toBe(0);
    expect(currencyDigits("BHD")).toBe(3);
    expect(decimalToMinor("1200", "JPY")).toEqual({ ok: true, minor: 1200 });
    expect(decimalToMinor("1.5", "JPY").ok).toBe(false);
  });

  it("refuses text that is not a plain decimal", () => {
    for (const bad of ["12,50", "1e3", "", "abc", "12.", ".5"]) expect(decimalToMinor(bad, "EUR").ok).toBe(false);
    expect(decimalToMinor(Number.NaN, "EUR").ok).toBe(false);
  });

  it("keeps the sign of negative amounts (-3.20 = -320)", () => {
    expect(decimalToMinor("-3.20", "EUR")).toEqual({ ok: true, minor: -320 });
  });
});

describe("points arithmetic", () => {
  it("120.00 EUR at 1 point per EUR is 120 points; ×2 adds 120 more", () => {
    const base = baseFraction(12000, parseScaled("1") ?? 0n, "EUR");
    expect(floorFraction(base)).toBe(120);
    expect(extraPoints(base, parseScaled("2") ?? 0n)).toBe(120);
  });

  it("5.50 EUR at 1 point per EUR is 5 points (floored), and ×1.5 adds floor(2.75) = 2", () => {
    const base = baseFraction(550, parseScaled("1") ?? 0n, "EUR");
    expect(floorFraction(base)).toBe(5);
    expect(extraPoints(base, parseScaled("1.5") ?? 0n)).toBe(2);
  });

  it("99.99 SEK at 0.1 points per krona is floor(9.999) = 9 points", () => {
    expect(floorFraction(baseFraction(9999, parseScaled("0.1") ?? 0n, "SEK"))).toBe(9);
  });

  it("a factor of 1 or less adds nothing", () => {
    expect(extraPoints(baseFraction(10000, parseScaled("1") ?? 0n, "EUR"), parseScaled("1") ?? 0n)).toBe(0);
  });

  it("parses and prints scaled decimals: \"1.25\" ↔ 12500", () => {
    expect(parseScaled("1.25")).toBe(12500n);
    expect(parseScaled("1.23456")).toBeNull();
    expect(parseScaled("-1")).toBeNull();
    expect(formatScaled(12500n)).toBe("1.25");
    expect(formatScaled(20000n)).toBe("2");
    expect(trimDecimal("2.0000")).toBe("2");
    expect(trimDecimal("1.2500")).toBe("1.25");
    expect(trimDecimal("10")).toBe("10");
  });

  it("proportion rounds half up: 3 units of 10 at 100 points is 30; 1 of 3 at 100 is 33; 2 of 3 is 67", () => {
    expect(proportion(100, 3, 10)).toBe(30);
    expect(proportion(100, 1, 3)).toBe(33);
    expect(proportion(100, 2, 3)).toBe(67);
    expect(proportion(100, 3, 3)).toBe(100);
  });

  it("prints minor units back as a decimal: 1250 EUR → 12.50, -5 → -0.05", () => {
    expect(minorToDecimal(1250, "EUR")).toBe("12.50");
    expect(minorToDecimal(-5, "EUR")).toBe("-0.05");
    expect(minorToDecimal(1200, "JPY")).toBe("1200");
  });
});
