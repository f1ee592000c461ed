import { describe, expect, it } from "vitest";
import { parseCountry, parseDate, parseDateTime, parseMinorUnits, parseOneOf, parsePositiveInteger } from "./values";

const point = { decimalComma: false };
const comma = { decimalComma: true };

describe("parseMinorUnits", () => {
  it.each([
    ["12.50", 1250],
    ["12.5", 1250],
    ["0.05", 5],
    ["7", 700],
    ["007.10", 710],
    ["-0.00", 0],
    ["10000000.00", 1_000_000_000],
  ])("%s is %i minor units", (text, minor) => {
    expect(parseMinorUnits(text, point)).toEqual({ ok: true, value: minor });
  });

  it.each([
    ["abc", "not_decimal"],
    ["12,50", "not_decimal"],
    ["1,234.50", "not_decimal"],
    [".5", "not_decimal"],
    ["1e3", "not_decimal"],
    ["12.345", "too_many_decimals"],
    ["-3.00", "negative"],
    ["10000000.01", "too_large"],
    ["99999999999999", "too_large"],
  ])("%s is refused as %s", (text, code) => {
    expect(parseMinorUnits(text, point)).toMatchObject({ ok: false, code });
  });

  it("takes 12,50 as 1250 only in a semicolon file", () => {
    expect(parseMinorUnits("12,50", comma)).toEqual({ ok: true, value: 1250 });
    expect(parseMinorUnits("12.50", comma)).toEqual({ ok: true, value: 1250 });
    expect(parseMinorUnits("1.234,50", comma)).toMatchObject({ ok: false, code: "not_decimal" });
  });
});

describe("parsePositiveInteger", () => {
  it("takes whole numbers from 1 to the maximum", () => {
    expect(parsePositiveInteger("3", 10)).toEqual({ ok: true, value: 3 });
    for (const bad of ["0", "-2", "1.5", "two", ""]) expect(parsePositiveInteger(bad, 10)).toMatchObject({ ok: false, code: "not_positive_integer" });
    expect(parsePositiveInteger("11", 10)).toMatchObject({ ok: false, code: "too_large" });
  });
});

describe("dates and times", () => {
  it("reads an offset as an instant and a bare time as local", () => {
    expect(parseDateTime("2024-05-01T14:03:00+02:00", { dateOnly: false })).toMatchObject({
      ok: true,
      value: { instant: "2024-05-01T14:03:00+02:00", local: null, approxMs: Date.parse("2024-05-01T12:03:00Z") },
    });
    expect(parseDateTime("2024-05-01T14:03:00.123Z", { dateOnly: false })).toMatchObject({ value: { instant: "2024-05-01T14:03:00.123Z" } });
    expect(parseDateTime("2024-05-01 14:03", { dateOnly: false })).toMatchObject({ value: { instant: null, local: "2024-05-01T14:03:00" } });
    expect(parseDateTime("2024-05-01T14:03:00+0530", { dateOnly: false })).toMatchObject({ value: { instant: "2024-05-01T14:03:00+05:30" } });
  });

  it("refuses impossible dates and times", () => {
    for (const bad of ["2024-02-30T10:00:00Z", "2023-02-29T10:00Z", "2024-05-01T24:00Z", "2024-05-01T10:60Z", "01.05.2024 10:00", "2024-05-01", "2024-05-01T10:00+15:00"]) {
      expect(parseDateTime(bad, { dateOnly: false }), bad).toMatchObject({ ok: false, code: "not_datetime" });
    }
    expect(parseDateTime("2024-02-29T10:00:00Z", { dateOnly: false }).ok).toBe(true);
  });

  it("takes a plain date where a date may stand for midnight", () => {
    expect(parseDateTime("2024-05-01", { dateOnly: true })).toMatchObject({ ok: true, value: { local: "2024-05-01T00:00:00" } });
    expect(parseDateTime("2024-13-01", { dateOnly: true })).toMatchObject({ ok: false, code: "not_date" });
    expect(parseDate("2024-04-31")).toMatchObject({ ok: false, code: "not_date" });
    expect(parseDate("1990-04-30")).toEqual({ ok: true, value: "1990-04-30" });
  });
});

describe("closed sets", () => {
  it("matches without case and stores the set's own spelling", () => {
    expect(parseOneOf("eur", ["EUR", "SEK"])).toEqual({ ok: true, value: "EUR" });
    expect(parseOneOf("EURO", ["EUR", "SEK"])).toEqual({ ok: false, code: "not_allowed", params: { allowed: "EUR, SEK" } });
    expect(parseCountry("se")).toEqual({ ok: true, value: "SE" });
    expect(parseCountry("Sweden")).toMatchObject({ ok: false, code: "not_country" });
  });
});
