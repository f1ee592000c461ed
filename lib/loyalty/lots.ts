import { DAY_MS } from "../time";

/**
 * Lot arithmetic, pure. Points are spent from lots oldest-expiring first (never-expiring last, then the
 * oldest lot), so a member loses as little to expiry as the order of spending allows.
 */

export interface OpenLot {
  id: number;
  remaining: number;
  status: "pending" | "available";
  expiresAt: Date | null;
  transactionId: number | null;
}

export interface LotTake {
  lotId: number;
  points: number;
  status: "pending" | "available";
}

export function byExpiry(a: OpenLot, b: OpenLot): number {
  const ea = a.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const eb = b.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return ea - eb || a.id - b.id;
}

/** Takes `points` from the lots in the order given; returns the takes and what they could not cover. */
export function takeFromLots(lots: readonly OpenLot[], points: number): { takes: LotTake[]; shortfall: number } {
  const takes: LotTake[] = [];
  let left = points;
  for (const lot of lots) {
    if (left <= 0) break;
    const take = Math.min(lot.remaining, left);
    if (take <= 0) continue;
    takes.push({ lotId: lot.id, points: take, status: lot.status });
    left -= take;
  }
  return { takes, shortfall: left };
}

/** Available lots, oldest-expiring first: what a redemption or a negative adjustment spends. */
export function spendOrder(lots: readonly OpenLot[]): OpenLot[] {
  return lots.filter((lot) => lot.status === "available" && lot.remaining > 0).sort(byExpiry);
}

export interface ReversalPlan {
  takes: LotTake[];
  /** Points owed after every lot was used (allow_negative). */
  debt: number;
  /** Points forgiven (write_off). */
  writtenOff: number;
}

/**
 * Where a return's points come back from: the lot the sale made (pending or available), then the member's
 * other available lots oldest-expiring first; what is still missing becomes debt or is written off.
 */
export function planReversal(lots: readonly OpenLot[], saleTransactionId: number, points: number, policy: "allow_negative" | "write_off"): ReversalPlan {
  const own = lots.filter((lot) => lot.transactionId === saleTransactionId && lot.remaining > 0);
  const others = spendOrder(lots.filter((lot) => lot.transactionId !== saleTransactionId));
  const { takes, shortfall } = takeFromLots([...own, ...others], points);
  return policy === "allow_negative" ? { takes, debt: shortfall, writtenOff: 0 } : { takes, debt: 0, writtenOff: shortfall };
}

/** Balance movements of a set of takes: what leaves available and pending. */
export function takenByStatus(takes: readonly LotTake[]): { available: number; pending: number } {
  let available = 0;
  let pending = 0;
  for (const take of takes) {
    if (take.status === "available") available += take.points;
    else pending += take.points;
  }
  return { available, pending };
}

export interface LotPolicy {
  returnWindowDays: number;
  expiryKind: "rolling_months" | "fixed_date" | "never";
  expiryMonths: number;
  fixedExpiryAt: Date | null;
}

/** Points of a purchase become available when its return window closes. */
export function availableAt(earnedAt: Date, policy: LotPolicy): Date {
  return new Date(earnedAt.getTime() + policy.returnWindowDays * DAY_MS);
}

/** Same day of month `months` later, clamped to the month's end (31 January + 1 month = 28/29 February). */
export function addCalendarMonths(at: Date, months: number): Date {
  const target = new Date(at.getTime());
  const day = target.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target;
}

/**
 * When points earned at `earnedAt` expire: N months later (rolling), at the end of the program's fixed
 * expiry day for points earned before it (later points wait for a new date), or never.
 */
export function expiresAt(earnedAt: Date, policy: LotPolicy): Date | null {
  if (policy.expiryKind === "rolling_months") return addCalendarMonths(earnedAt, policy.expiryMonths);
  if (policy.expiryKind === "fixed_date" && policy.fixedExpiryAt && earnedAt < policy.fixedExpiryAt) return policy.fixedExpiryAt;
  return null;
}
