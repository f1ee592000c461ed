import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { storesWithinScope, type Scope } from "@/lib/auth/permissions";
import type { Db } from "../client";
import { salesChannel, type Currency, type SalesChannel } from "../schema/enums";
import { selectRows } from "../sql";
import { getProgramInfo } from "./program";
import { isUuid, storeCondition } from "./scope";
import { DAY_MS } from "../../lib/time";

// The definitions implemented here are written out in docs/metrics.md; change both together.

/** Window of the "active members" KPI: the 90 program-local days ending at the range's last day. */
export const ACTIVE_WINDOW_DAYS = 90;
/** Ranges up to this many days chart one point per day; longer ranges chart ISO weeks (Monday first). */
export const MAX_DAILY_POINTS = 92;

export const CHANNELS: readonly SalesChannel[] = salesChannel.enumValues;

export interface OverviewParams {
  scope: Scope;
  /** First and last program-local calendar day of the range, inclusive, as YYYY-MM-DD. */
  from: string;
  to: string;
  /** Narrows the figures to one store; narrowed again to the caller's scope. */
  storeId?: string;
}

/** A headline figure, the same figure over the previous period of equal length, and the change. */
export interface Kpi {
  value: number | null;
  previous: number | null;
  /**
   * Relative change (0.12 = +12 %) for counts and money; for a rate, the difference in rate points
   * (0.03 = +3 percentage points). Null when there is nothing to compare with.
   */
  change: number | null;
}

export interface ChannelFigures {
  channel: SalesChannel;
  revenueMinor: number;
  transactions: number;
  avgBasketMinor: number | null;
}

export interface SalesPoint {
  /** The day, or the Monday of the ISO week, as YYYY-MM-DD. */
  start: string;
  revenueMinor: Record<SalesChannel, number>;
  transactions: Record<SalesChannel, number>;
}

export interface OverviewPeriod {
  from: string;
  to: string;
  /** The previous period of equal length, ending the day before `from`. */
  previousFrom: string;
  previousTo: string;
  days: number;
}

export interface SalesOverview {
  period: OverviewPeriod;
  currency: Currency;
  granularity: "day" | "week";
  kpis: { revenueMinor: Kpi; transactions: Kpi; avgBasketMinor: Kpi };
  channels: ChannelFigures[];
  series: SalesPoint[];
}

export interface MemberOverview {
  period: OverviewPeriod;
  /** First day of the 90-day window of `activeMembers`. */
  activeFrom: string;
  kpis: { members: Kpi; newMembers: Kpi; activeMembers: Kpi; repeatRate: Kpi };
  newMembersByMonth: { month: string; count: number }[];
}

// ---- calendar days as YYYY-MM-DD strings (no time zone involved: they already are program-local days)

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function isCalendarDate(value: string): boolean {
  return ISO_DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && fromDayNumber(dayNumber(value)) === value;
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** Number of days from `from` to `to`, both included. */
export function daysInclusive(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from) + 1;
}

/** The Monday of the ISO week holding `date`. */
export function weekStart(date: string): string {
  const n = dayNumber(date);
  // 1970-01-01 was a Thursday, so day number 4 is a Monday.
  return fromDayNumber(n - ((((n - 4) % 7) + 7) % 7));
}

/** The "today" of a time zone, as YYYY-MM-DD. */
export function todayIn(timezone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

// ---- SQL pieces

/** Local midnight at the start of a program-local day, as a timestamptz. */
function startOf(day: string, tz: string): SQL {
  return sql`((${day}::date)::timestamp at time zone ${tz})`;
}

interface Ctx {
  scope: Scope;
  tz: string;
  currency: Currency;
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
}

interface SalesRow {
  day: string;
  channel: SalesChannel;
  transactions: number;
  sales_minor: number;
  returns_minor: number;
}

/** Per-day, per-channel sums from the rollup for the previous period and the range together. */
function readSalesDaily(db: Db, c: Ctx): Promise<SalesRow[]> {
  return selectRows<SalesRow>(
    db,
    sql`select to_char(day, 'YYYY-MM-DD') as day, channel::text as channel,
               sum(transactions)::int as transactions, sum(sales_minor)::float8 as sales_minor,
               sum(returns_minor)::float8 as returns_minor
          from sales_daily
         where day between ${c.previousFrom}::date and ${c.to}::date
           and currency = ${c.currency}
           and ${storeCondition(sql`store_id`, c.scope)}
         group by day, channel`,
  );
}

interface MemberCounts {
  members: number;
  members_prev: number;
  new_members: number;
  new_prev: number;
}

function readMemberCounts(db: Db, c: Ctx): Promise<MemberCounts[]> {
  const fromStart = startOf(c.from, c.tz);
  return selectRows<MemberCounts>(
    db,
    sql`select count(*)::int as members,
               count(*) filter (where joined_at < ${fromStart})::int as members_prev,
               count(*) filter (where joined_at >= ${fromStart})::int as new_members,
               count(*) filter (where joined_at >= ${startOf(c.previousFrom, c.tz)} and joined_at < ${fromStart})::int as new_prev
          from members
         where status <> 'erased'
           and joined_at < ${startOf(addDays(c.to, 1), c.tz)}
           and ${storeCondition(sql`home_store_id`, c.scope)}`,
  );
}

function readNewMembersByMonth(db: Db, c: Ctx): Promise<{ month: string; count: number }[]> {
  return selectRows(
    db,
    // Grouped on the truncated timestamp and formatted once per month, not once per member.
    sql`select to_char(month, 'YYYY-MM') as month, count(*)::int as count
          from (select date_trunc('month', joined_at at time zone ${c.tz}) as month
                  from members
                 where status <> 'erased'
                   and joined_at >= ${startOf(c.from, c.tz)} and joined_at < ${startOf(addDays(c.to, 1), c.tz)}
                   and ${storeCondition(sql`home_store_id`, c.scope)}) joined
         group by month`,
  );
}

interface ActivityCounts {
  active: number;
  buyers: number;
  repeat_buyers: number;
}

/**
 * Member figures of one period (days `from`..`to`): members with a sale in the 90 days ending at `to`, and
 * members with one / two or more sales in the period. Both windows end at `to`, so one index range scan
 * over the longer one answers all three.
 *
 * For all stores this counts sales by their links to the member's previous sales (migration 0005): a member
 * has a sale in [a, b) exactly when one of their sales in [a, b) has its previous sale before a, and two or
 * more when one has its previous sale inside and its second-previous before. The links span all stores, so
 * a store set instead groups the store's sales by member (a far smaller set). Each period is its own query
 * so that the two periods run in parallel on two connections.
 */
async function readActivity(db: Db, c: Ctx, from: string, to: string): Promise<ActivityCounts> {
  const activeFrom = addDays(to, 1 - ACTIVE_WINDOW_DAYS);
  const activeStart = startOf(activeFrom, c.tz);
  const fromStart = startOf(from, c.tz);
  const windowStart = startOf(activeFrom < from ? activeFrom : from, c.tz);
  const end = startOf(addDays(to, 1), c.tz);
  const query =
    c.scope.kind === "all"
      ? sql`select count(*) filter (where occurred_at >= ${activeStart}
                                      and (prev_sale_at is null or prev_sale_at < ${activeStart}))::int as active,
                   count(*) filter (where occurred_at >= ${fromStart}
                                      and (prev_sale_at is null or prev_sale_at < ${fromStart}))::int as buyers,
                   count(*) filter (where occurred_at >= ${fromStart} and prev_sale_at >= ${fromStart}
                                      and (prev2_sale_at is null or prev2_sale_at < ${fromStart}))::int as repeat_buyers
              from transactions
             where kind = 'sale' and member_id is not null
               and occurred_at >= ${windowStart} and occurred_at < ${end}`
      : sql`select count(*) filter (where a > 0)::int as active,
                   count(*) filter (where r > 0)::int as buyers,
                   count(*) filter (where r > 1)::int as repeat_buyers
              from (select member_id,
                           count(*) filter (where occurred_at >= ${activeStart}) as a,
                           count(*) filter (where occurred_at >= ${fromStart}) as r
                      from transactions
                     where kind = 'sale' and member_id is not null
                       and occurred_at >= ${windowStart} and occurred_at < ${end}
                       and ${storeCondition(sql`store_id`, c.scope)}
                     group by member_id) per_member`;
  const [row] = await db.transaction(async (tx) => {
    // JIT compilation costs these one-pass aggregates more than it saves (100-300 ms measured at 10M rows).
    await tx.execute(sql`set local jit = off`);
    return selectRows<ActivityCounts>(tx, query);
  });
  return row ?? { active: 0, buyers: 0, repeat_buyers: 0 };
}

// ---- assembling the DTOs

function relativeChange(value: number | null, previous: number | null): number | null {
  if (value === null || previous === null || previous === 0) return null;
  return (value - previous) / previous;
}

function kpi(value: number | null, previous: number | null): Kpi {
  return { value, previous, change: relativeChange(value, previous) };
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** Average basket in whole minor units, rounded half up: sales only, returns do not shrink baskets. */
function basket(salesMinor: number, transactions: number): number | null {
  return transactions === 0 ? null : Math.round(salesMinor / transactions);
}

function emptyByChannel(): Record<SalesChannel, number> {
  return Object.fromEntries(CHANNELS.map((ch) => [ch, 0])) as Record<SalesChannel, number>;
}

function buildSeries(rows: SalesRow[], from: string, to: string, granularity: "day" | "week"): SalesPoint[] {
  const bucketOf = granularity === "day" ? (d: string) => d : weekStart;
  const points = new Map<string, SalesPoint>();
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const start = bucketOf(d);
    if (!points.has(start)) points.set(start, { start, revenueMinor: emptyByChannel(), transactions: emptyByChannel() });
  }
  for (const row of rows) {
    const point = row.day >= from ? points.get(bucketOf(row.day)) : undefined;
    if (!point) continue;
    point.revenueMinor[row.channel] += row.sales_minor + row.returns_minor;
    point.transactions[row.channel] += row.transactions;
  }
  return [...points.values()];
}

function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let d = `${from.slice(0, 7)}-01`; d <= to; d = addDays(d, 32).slice(0, 8) + "01") months.push(d.slice(0, 7));
  return months;
}

/** Validates the range and resolves the scope, time zone, currency and previous period. */
async function contextOf(db: Db, params: OverviewParams): Promise<Ctx> {
  if (!isCalendarDate(params.from) || !isCalendarDate(params.to) || params.from > params.to) {
    throw new AppError("invalid_input", "from and to must be calendar days (YYYY-MM-DD) with from <= to");
  }
  // Checked here, not left to PostgreSQL, so a malformed id is a 400 and never a failed cast in the query.
  if (params.storeId !== undefined && !isUuid(params.storeId)) throw new AppError("invalid_input", "storeId must be a UUID");
  const program = await getProgramInfo(db);
  const days = daysInclusive(params.from, params.to);
  return {
    scope: storesWithinScope(params.scope, params.storeId),
    tz: program.timezone,
    currency: program.currency,
    from: params.from,
    to: params.to,
    previousFrom: addDays(params.from, -days),
    previousTo: addDays(params.from, -1),
  };
}

function periodOf(c: Ctx): OverviewPeriod {
  return { from: c.from, to: c.to, previousFrom: c.previousFrom, previousTo: c.previousTo, days: daysInclusive(c.from, c.to) };
}

/** Revenue, transactions and baskets, in total, by channel and over time, from the daily rollup. */
export async function getSalesOverview(db: Db, params: OverviewParams): Promise<SalesOverview> {
  const c = await contextOf(db, params);
  const rows = await readSalesDaily(db, c);
  const zero = () => ({ sales: 0, returns: 0, tx: 0 });
  const cur = zero();
  const prev = zero();
  const perChannel = new Map(CHANNELS.map((ch) => [ch, zero()]));
  for (const row of rows) {
    const inRange = row.day >= c.from;
    for (const t of inRange ? [cur, perChannel.get(row.channel) ?? zero()] : [prev]) {
      t.sales += row.sales_minor;
      t.returns += row.returns_minor;
      t.tx += row.transactions;
    }
  }
  const period = periodOf(c);
  const granularity = period.days <= MAX_DAILY_POINTS ? "day" : "week";
  return {
    period,
    currency: c.currency,
    granularity,
    kpis: {
      revenueMinor: kpi(cur.sales + cur.returns, prev.sales + prev.returns),
      transactions: kpi(cur.tx, prev.tx),
      avgBasketMinor: kpi(basket(cur.sales, cur.tx), basket(prev.sales, prev.tx)),
    },
    channels: CHANNELS.map((channel) => {
      const f = perChannel.get(channel) ?? zero();
      return { channel, revenueMinor: f.sales + f.returns, transactions: f.tx, avgBasketMinor: basket(f.sales, f.tx) };
    }),
    series: buildSeries(rows, c.from, c.to, granularity),
  };
}

/** Member counts, new members, active members and the repeat purchase rate, with the previous period. */
export async function getMemberOverview(db: Db, params: OverviewParams): Promise<MemberOverview> {
  const c = await contextOf(db, params);
  const [[m], byMonth, cur, prev] = await Promise.all([
    readMemberCounts(db, c),
    readNewMembersByMonth(db, c),
    readActivity(db, c, c.from, c.to),
    readActivity(db, c, c.previousFrom, c.previousTo),
  ]);
  const counts = new Map(byMonth.map((r) => [r.month, r.count]));
  const repeat = ratio(cur.repeat_buyers, cur.buyers);
  const repeatPrev = ratio(prev.repeat_buyers, prev.buyers);
  return {
    period: periodOf(c),
    activeFrom: addDays(c.to, 1 - ACTIVE_WINDOW_DAYS),
    kpis: {
      members: kpi(m?.members ?? 0, m?.members_prev ?? 0),
      newMembers: kpi(m?.new_members ?? 0, m?.new_prev ?? 0),
      activeMembers: kpi(cur.active, prev.active),
      // A rate's change is its difference in points: a relative change of a percentage misleads.
      repeatRate: { value: repeat, previous: repeatPrev, change: repeat !== null && repeatPrev !== null ? repeat - repeatPrev : null },
    },
    newMembersByMonth: monthsBetween(c.from, c.to).map((month) => ({ month, count: counts.get(month) ?? 0 })),
  };
}

export interface OverviewStore {
  id: string;
  name: string;
  code: string;
}

/** The stores a caller may pick on the overview: all stores, or the caller's own. */
export async function listOverviewStores(db: Db, params: { scope: Scope }): Promise<OverviewStore[]> {
  return selectRows<OverviewStore>(
    db,
    sql`select id::text as id, name, code from stores where ${storeCondition(sql`id`, params.scope)} order by kind, name`,
  );
}
