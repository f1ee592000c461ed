import { DAY_MS } from "../../lib/time";

/**
 * The generated period as a row of calendar days, with per-day facts the purchase process reads millions
 * of times (weekday, month) precomputed once, and store-local UTC offsets per time zone.
 */
export class Calendar {
  readonly startMs: number;
  readonly endMs: number;
  readonly days: number;
  /** 0 = Monday ... 6 = Sunday. */
  readonly weekday: Uint8Array;
  /** 0 = January ... 11 = December. */
  readonly month: Uint8Array;
  private readonly offsetsByZone = new Map<string, Int16Array>();

  /** The `months` calendar months that end at `end` (exclusive); `end` is taken at UTC midnight. */
  constructor(end: Date, months: number) {
    const endDay = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate());
    const startMonth = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - months, 1));
    const lastDayOfStartMonth = new Date(Date.UTC(startMonth.getUTCFullYear(), startMonth.getUTCMonth() + 1, 0)).getUTCDate();
    this.startMs = Date.UTC(startMonth.getUTCFullYear(), startMonth.getUTCMonth(), Math.min(end.getUTCDate(), lastDayOfStartMonth));
    this.endMs = endDay;
    this.days = Math.round((this.endMs - this.startMs) / DAY_MS);
    this.weekday = new Uint8Array(this.days);
    this.month = new Uint8Array(this.days);
    for (let d = 0; d < this.days; d++) {
      const date = new Date(this.startMs + d * DAY_MS);
      this.weekday[d] = (date.getUTCDay() + 6) % 7;
      this.month[d] = date.getUTCMonth();
    }
  }

  /**
   * Minutes east of UTC in `timezone` on each day, read at local noon: opening hours never straddle a
   * daylight-saving switch (those happen at night), so one offset per day is exact for them.
   */
  offsets(timezone: string): Int16Array {
    const cached = this.offsetsByZone.get(timezone);
    if (cached) return cached;
    const format = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    const offsets = new Int16Array(this.days);
    for (let d = 0; d < this.days; d++) {
      const noon = this.startMs + d * DAY_MS + DAY_MS / 2;
      const parts = Object.fromEntries(format.formatToParts(new Date(noon)).map((p) => [p.type, p.value]));
      const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
      offsets[d] = Math.round((wall - noon) / 60_000);
    }
    this.offsetsByZone.set(timezone, offsets);
    return offsets;
  }

  /** The UTC instant of a local wall-clock time (seconds after local midnight) on day `day`. */
  localToUtcMs(offsets: Int16Array, day: number, secondOfDay: number): number {
    return this.startMs + day * DAY_MS + secondOfDay * 1000 - (offsets[day] ?? 0) * 60_000;
  }

  /** Day index of a fractional day position, clamped into the period. */
  dayOf(position: number): number {
    return Math.min(this.days - 1, Math.max(0, Math.floor(position)));
  }
}

export { DAY_MS };
