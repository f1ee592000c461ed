import { z } from "zod";
import { addDays, daysInclusive, isCalendarDate } from "@/db/queries/overview";

export const PRESETS = ["30d", "90d", "12m", "ytd"] as const;
export type Preset = (typeof PRESETS)[number];
export const DEFAULT_PRESET: Preset = "90d";
/** Longer custom ranges fall back to the default: the overview is not a multi-year report. */
export const MAX_RANGE_DAYS = 3 * 366;

export interface OverviewSelection {
  preset: Preset | "custom";
  from: string;
  to: string;
  storeId?: string;
}

/** The inclusive program-local days a preset covers, ending today. */
export function presetRange(preset: Preset, today: string): { from: string; to: string } {
  switch (preset) {
    case "30d":
      return { from: addDays(today, -29), to: today };
    case "90d":
      return { from: addDays(today, -89), to: today };
    case "12m": {
      // The same calendar day a year ago, plus one day: twelve whole months ending today.
      const year = Number(today.slice(0, 4)) - 1;
      const sameDay = `${year}${today.slice(4)}`;
      const start = isCalendarDate(sameDay) ? sameDay : `${year}-02-28`;
      return { from: addDays(start, 1), to: today };
    }
    case "ytd":
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
  }
}

// Each field falls back on its own: one malformed value never costs the others, and never a 500.
const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const date = z.preprocess(first, z.string().refine(isCalendarDate).optional()).catch(undefined);
const searchSchema = z.object({
  range: z.preprocess(first, z.enum([...PRESETS, "custom"]).optional()).catch(undefined),
  from: date,
  to: date,
  store: z.preprocess(first, z.uuid().optional()).catch(undefined),
});

/**
 * Reads the overview's search parameters. A preset wins over dates; dates without a preset (or with
 * `range=custom`) make a custom range when they are valid, ordered and not too long; anything else is
 * the default (last 90 days). A store outside `allowedStoreIds` is dropped.
 */
export function parseOverviewSearch(
  search: Record<string, string | string[] | undefined>,
  context: { today: string; allowedStoreIds: readonly string[] },
): OverviewSelection {
  const parsed = searchSchema.safeParse(search);
  const input = parsed.success ? parsed.data : {};
  const storeId = input.store && context.allowedStoreIds.includes(input.store) ? input.store : undefined;
  const base = storeId ? { storeId } : {};
  if (input.range && input.range !== "custom") return { preset: input.range, ...presetRange(input.range, context.today), ...base };
  if (input.from && input.to && input.from <= input.to && daysInclusive(input.from, input.to) <= MAX_RANGE_DAYS) {
    return { preset: "custom", from: input.from, to: input.to, ...base };
  }
  return { preset: DEFAULT_PRESET, ...presetRange(DEFAULT_PRESET, context.today), ...base };
}
