/** A moment seen on the program's wall clock: what day and time windows, caps and tier months are about. */
export interface LocalMoment {
  /** "2026-03-10" */
  day: string;
  /** "2026-03-01" */
  month: string;
  /** "2026-01-01" */
  year: string;
  /** 1 = January */
  monthNumber: number;
  /** ISO weekday, 1 = Monday ... 7 = Sunday. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const QUARTER_HOUR_MS = 900_000;
const offsets = new Map<string, number>();

/**
 * The zone's UTC offset at `at`, in ms. Asking Intl costs tens of microseconds, too much per receipt, so
 * offsets are cached per quarter hour of UTC: every zone's offset is a multiple of 15 minutes and changes at
 * a local whole or half hour, so a quarter hour aligned on UTC never straddles a change.
 */
function offsetMs(at: Date, timeZone: string): number {
  const bucket = Math.floor(at.getTime() / QUARTER_HOUR_MS);
  const key = `${timeZone}|${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const start = new Date(bucket * QUARTER_HOUR_MS);
    const parts: Record<string, string> = {};
    for (const part of formatter(timeZone).formatToParts(start)) parts[part.type] = part.value;
    const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
    offset = wall - start.getTime();
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

export function localMoment(at: Date, timeZone: string): LocalMoment {
  const wall = new Date(at.getTime() + offsetMs(at, timeZone));
  const year = pad(wall.getUTCFullYear(), 4);
  const month = pad(wall.getUTCMonth() + 1);
  return {
    day: `${year}-${month}-${pad(wall.getUTCDate())}`,
    month: `${year}-${month}-01`,
    year: `${year}-01-01`,
    monthNumber: wall.getUTCMonth() + 1,
    weekday: wall.getUTCDay() === 0 ? 7 : wall.getUTCDay(),
    minutes: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
  };
}

/** "14:30" → 870. */
export function parseClock(value: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** "2026-03-01" shifted by n calendar months ("2026-01-01" for n = -2). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}-01`;
}
