import type { z } from "zod";
import type { FieldErrors } from "@/lib/errors";
import { describeFieldErrors, LoyaltyError, loyaltyFieldErrors } from "./errors";
import { localMoment } from "./local-time";

/**
 * Conversions from the admin forms' text values to what the services accept. Forms send strings; these
 * turn them into numbers, instants and lists, and leave anything malformed as it is, so the service's zod
 * schema names the field that is wrong.
 */

/** Blank → undefined; a whole number → number; anything else stays text (the schema refuses it). */
export function intOrText(value: string | undefined): number | string | undefined {
  const text = (value ?? "").trim();
  if (text === "") return undefined;
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

/** Blank → undefined, else the trimmed text. */
export function textOrUndefined(value: string | undefined): string | undefined {
  const text = (value ?? "").trim();
  return text === "" ? undefined : text;
}

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** The zone's offset from UTC at `at` in ms (minute precision, which every zone's offset has). */
function offsetAt(at: number, timeZone: string): number {
  const local = localMoment(new Date(at), timeZone);
  const [y, m, d] = local.day.split("-").map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d) + local.minutes * 60_000;
  return wall - Math.floor(at / 60_000) * 60_000;
}

/**
 * A wall-clock time in a zone ("2026-03-10T14:00", what `<input type="datetime-local">` gives) as an ISO
 * instant; null when malformed. A time skipped by a daylight-saving change maps to the instant an hour on.
 */
export function zonedToIso(local: string, timeZone: string): string | null {
  const match = WALL_CLOCK.exec(local.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return null;
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  return new Date(second).toISOString();
}

/** An instant as the wall-clock value of a datetime-local input in the zone. */
export function isoToZoned(at: Date, timeZone: string): string {
  const local = localMoment(at, timeZone);
  const hours = String(Math.floor(local.minutes / 60)).padStart(2, "0");
  const minutes = String(local.minutes % 60).padStart(2, "0");
  return `${local.day}T${hours}:${minutes}`;
}

/**
 * A field error's key as the forms name their fields: `values.conditions.weekdays.0` or
 * `conditions.weekdays[0]` → `conditions.weekdays`.
 */
export function formFieldKey(path: string): string {
  return path
    .replace(/^values\./, "")
    .replace(/\[\d+\]/g, "")
    .replace(/\.\d+(?=\.|$)/g, "");
}

/** Field errors keyed as the forms name their fields (first message of each). */
export function formFieldErrors(fieldErrors: FieldErrors | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, messages] of Object.entries(fieldErrors ?? {})) {
    const key = formFieldKey(path);
    if (out[key] === undefined && messages[0]) out[key] = messages[0];
  }
  return out;
}

/**
 * What a converter answers: the service's input, and errors (keyed by the service's field paths) for the
 * values it could not read, which it leaves out of the input.
 */
export interface Converted<T> {
  value: T;
  fieldErrors: FieldErrors;
}

/**
 * The converted input if the service's schema accepts it; else an invalid_input error naming every field
 * at once: those the converter could not read and those the schema refuses.
 */
export function checkedInput<T>(converted: Converted<T>, schema: z.ZodType): T {
  const parsed = schema.safeParse(converted.value);
  const fieldErrors = { ...(parsed.success ? {} : loyaltyFieldErrors(parsed.error)), ...converted.fieldErrors };
  if (Object.keys(fieldErrors).length > 0) throw new LoyaltyError("invalid_input", describeFieldErrors(fieldErrors), fieldErrors);
  return converted.value;
}
