import { z } from "zod";
import type { RowErrorCode, RowErrorParams } from "./row-errors";

/**
 * Cell parsers for the import: pure functions from the cell's text to a typed value or the reason it is
 * bad. Money never passes through a float: decimals are read digit by digit into integer minor units.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; code: RowErrorCode; params?: RowErrorParams };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const fail = (code: RowErrorCode, params?: RowErrorParams): Parsed<never> => ({ ok: false, code, params });

/** Every currency the program books has two decimals (see the currency enum). */
const MINOR_DIGITS = 2;
/** 10 million currency units per line: keeps a unit price inside products.price_minor (int4). */
export const MAX_AMOUNT_MINOR = 1_000_000_000;

export interface DecimalOptions {
  /** Files delimited by semicolons come from locales that write 12,50: accept the comma as the decimal mark. */
  decimalComma: boolean;
}

/** "12.50" -> 1250. No thousands separators, no exponent, no more than two decimals, not negative. */
const DECIMAL_POINT = /^(-)?(\d+)(?:\.(\d+))?$/;
const DECIMAL_POINT_OR_COMMA = /^(-)?(\d+)(?:[.,](\d+))?$/;

export function parseMinorUnits(text: string, options: DecimalOptions): Parsed<number> {
  const match = (options.decimalComma ? DECIMAL_POINT_OR_COMMA : DECIMAL_POINT).exec(text);
  if (!match) return fail("not_decimal");
  const [, minus, whole = "", fraction = ""] = match;
  if (fraction.length > MINOR_DIGITS) return fail("too_many_decimals", { max: MINOR_DIGITS });
  if (minus && /[1-9]/.test(whole + fraction)) return fail("negative");
  const digits = (whole.replace(/^0+(?=\d)/, "") + fraction.padEnd(MINOR_DIGITS, "0")).replace(/^0+(?=\d)/, "");
  if (digits.length > 12) return fail("too_large", { max: MAX_AMOUNT_MINOR / 100 });
  const minor = Number(digits);
  return minor > MAX_AMOUNT_MINOR ? fail("too_large", { max: MAX_AMOUNT_MINOR / 100 }) : ok(minor);
}

/** A whole number from 1 to max; "-2" and "1.5" are not. */
export function parsePositiveInteger(text: string, max: number): Parsed<number> {
  if (!/^\d+$/.test(text)) return fail("not_positive_integer");
  const value = Number(text);
  if (value < 1) return fail("not_positive_integer");
  return value > max ? fail("too_large", { max }) : ok(value);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validDay(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** A calendar date YYYY-MM-DD (2024-02-30 is not one). */
export function parseDate(text: string): Parsed<string> {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match || !validDay(Number(match[1]), Number(match[2]), Number(match[3]))) return fail("not_date");
  return ok(text);
}

/**
 * A point in time: `instant` when the text carries Z or an offset (PostgreSQL reads it as timestamptz),
 * `local` when it does not (read in the store's or the program's time zone by the import's SQL).
 */
export interface TimeValue {
  instant: string | null;
  local: string | null;
  /** Milliseconds since the epoch, reading a local time as UTC: close enough (±14 h) for range checks. */
  approxMs: number;
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** ISO 8601 date and time, with or without offset; `dateOnly` also takes a plain date (as midnight). */
export function parseDateTime(text: string, options: { dateOnly: boolean }): Parsed<TimeValue> {
  const match = DATE_TIME.exec(text);
  if (!match) return fail(options.dateOnly ? "not_date" : "not_datetime");
  const [, y = "", mo = "", d = "", h, mi, s = "00", frac = "", zone] = match;
  if (h === undefined && !options.dateOnly) return fail("not_datetime");
  if (!validDay(Number(y), Number(mo), Number(d))) return fail(options.dateOnly ? "not_date" : "not_datetime");
  if (Number(h ?? 0) > 23 || Number(mi ?? 0) > 59 || Number(s) > 59) return fail("not_datetime");
  const fraction = frac ? `.${frac.slice(0, 6)}` : "";
  const local = `${y}-${mo}-${d}T${h ?? "00"}:${mi ?? "00"}:${s}${fraction}`;
  let offset: string | null = null;
  if (zone !== undefined) {
    const zm = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
    if (zm && (Number(zm[2]) > 14 || Number(zm[3] ?? 0) > 59)) return fail("not_datetime");
    offset = zm ? `${zm[1]}${zm[2]}:${zm[3] ?? "00"}` : "Z";
  }
  const approxMs = Date.parse(`${local}${offset ?? "Z"}`);
  return ok(offset === null ? { instant: null, local, approxMs } : { instant: `${local}${offset}`, local: null, approxMs });
}

const emailSchema = z.email();

export function parseEmail(text: string): Parsed<string> {
  return emailSchema.safeParse(text).success ? ok(text) : fail("not_email");
}

/** ISO 3166-1 alpha-2, any case in the file, upper case in the database. */
export function parseCountry(text: string): Parsed<string> {
  return /^[A-Za-z]{2}$/.test(text) ? ok(text.toUpperCase()) : fail("not_country");
}

/** One of a closed set, compared without case; the stored value is the set's own spelling. */
export function parseOneOf<T extends string>(text: string, allowed: readonly T[]): Parsed<T> {
  const found = allowed.find((a) => a.toLowerCase() === text.toLowerCase());
  return found === undefined ? fail("not_allowed", { allowed: allowed.join(", ") }) : ok(found);
}

export function parseText(text: string, max: number): Parsed<string> {
  return text.length > max ? fail("too_long", { max }) : ok(text);
}
