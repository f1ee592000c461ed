/**
 * Exact money and rate arithmetic. Amounts are integer minor units; rates and factors are decimal strings
 * held as integers scaled by 10^4, so points are computed with BigInt and never through a float.
 */

const digitsCache = new Map<string, number>();

/** ISO 4217 minor-unit digits (EUR 2, JPY 0, BHD 3), as the runtime's Intl data knows them. */
export function currencyDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

export type ParsedMinor = { ok: true; minor: number } | { ok: false; message: string };

/**
 * "12.5" or 12.5 in currency units → 1250 minor units, exactly. Refuses more decimals than the currency
 * has (12.345 EUR), exponents, and amounts beyond what a JavaScript number holds exactly.
 */
export function decimalToMinor(value: string | number, currency: string): ParsedMinor {
  const text = typeof value === "number" ? numberToPlainString(value) : value.trim();
  if (text === null) return { ok: false, message: "must be a finite decimal number" };
  const match = DECIMAL.exec(text);
  if (!match) return { ok: false, message: `must be a decimal number such as 12.50, got "${String(value)}"` };
  const [, sign, whole = "0", fraction = ""] = match;
  const digits = currencyDigits(currency);
  const significant = fraction.replace(/0+$/, "");
  if (significant.length > digits) {
    return { ok: false, message: `has more than ${digits} decimal${digits === 1 ? "" : "s"}, which ${currency} does not have` };
  }
  const minor = BigInt(whole + significant.padEnd(digits, "0"));
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, message: "is too large" };
  const result = Number(minor);
  return { ok: true, minor: sign && result !== 0 ? -result : result };
}

function numberToPlainString(value: number): string | null {
  if (!Number.isFinite(value)) return null;
  // JSON numbers arrive as doubles; their shortest decimal form is what the sender wrote (12.5 → "12.5").
  const text = String(value);
  if (/e/i.test(text)) return value.toFixed(20).replace(/\.?0+$/, "");
  return text;
}

/** 1250 EUR → "12.50". */
export function minorToDecimal(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const negative = minor < 0;
  const text = String(Math.abs(minor)).padStart(digits + 1, "0");
  const whole = digits === 0 ? text : text.slice(0, -digits);
  const fraction = digits === 0 ? "" : `.${text.slice(-digits)}`;
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** Rates and factors carry at most this many decimals. */
export const SCALE_DIGITS = 4;
export const SCALE = 10n ** BigInt(SCALE_DIGITS);

/** "1.5" → 15000n (scaled by 10^4); null when not a non-negative decimal with at most 4 decimals. */
export function parseScaled(value: string): bigint | null {
  const match = DECIMAL.exec(value.trim());
  if (!match || match[1]) return null;
  const [, , whole = "0", fraction = ""] = match;
  const significant = fraction.replace(/0+$/, "");
  if (significant.length > SCALE_DIGITS) return null;
  return BigInt(whole + significant.padEnd(SCALE_DIGITS, "0"));
}

/** "2.0000" (numeric as PostgreSQL prints it) → "2"; "1.2500" → "1.25". */
export function trimDecimal(value: string): string;
export function trimDecimal(value: string | null): string | null;
export function trimDecimal(value: string | null): string | null {
  if (value === null || !value.includes(".")) return value;
  return value.replace(/\.?0+$/, "");
}

/** 15000n → "1.5". */
export function formatScaled(scaled: bigint): string {
  const whole = scaled / SCALE;
  const fraction = (scaled % SCALE).toString().padStart(SCALE_DIGITS, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole.toString();
}

/**
 * Exact points of a line: amount (minor units) × rate (points per currency unit) × factor, as a fraction
 * numerator / denominator. The engine floors each rule's share separately.
 */
export interface PointsFraction {
  numerator: bigint;
  denominator: bigint;
}

export function baseFraction(amountMinor: number, rateScaled: bigint, currency: string): PointsFraction {
  return { numerator: BigInt(amountMinor) * rateScaled, denominator: 10n ** BigInt(currencyDigits(currency)) * SCALE };
}

/** floor(fraction × (factor − 1)): the extra points a factor adds on top of the base. */
export function extraPoints(base: PointsFraction, factorScaled: bigint): number {
  if (factorScaled <= SCALE) return 0;
  return floorDiv(base.numerator * (factorScaled - SCALE), base.denominator * SCALE);
}

export function floorFraction(fraction: PointsFraction): number {
  return floorDiv(fraction.numerator, fraction.denominator);
}

function floorDiv(numerator: bigint, denominator: bigint): number {
  const quotient = numerator / denominator;
  // BigInt division truncates toward zero; amounts are never negative here, but stay exact if they were.
  return Number(numerator % denominator !== 0n && numerator < 0n !== denominator < 0n ? quotient - 1n : quotient);
}

/** round(total × part / whole) with exact integers: a share of points or money for part of a quantity. */
export function proportion(total: number, part: number, whole: number): number {
  if (whole === 0) return 0;
  const scaled = BigInt(total) * BigInt(part) * 2n + BigInt(whole);
  return Number(scaled / (2n * BigInt(whole)));
}
