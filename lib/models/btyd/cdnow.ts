import { summarizeTransactions, type RfmStats } from "./summary";
import { DAY_MS } from "../../time";

/**
 * The CDNOW data set (Fader & Hardie) in the conventions of the published analyses: same-day purchases of a
 * customer are one transaction (their values added), time is in weeks counted from 1997-01-01, calibration
 * ends on 1997-09-30 (T = 38.86 weeks for a customer who started on 1 January) and the holdout runs to
 * 1998-06-30 (week 78). Text in, plain values out: reading the files is the caller's business.
 */
export interface CdnowPurchase {
  customerId: string;
  /** Days since 1997-01-01. */
  day: number;
  cds: number;
  dollars: number;
}

export interface CdnowTransaction {
  day: number;
  dollars: number;
}

export interface CdnowCustomer extends RfmStats {
  customerId: string;
  /** Week (since 1997-01-01) of the first purchase. */
  birthWeek: number;
  /** Mean value of the repeat transactions in calibration; undefined when x = 0. */
  meanRepeatSpend: number | undefined;
}

const STUDY_START = Date.UTC(1997, 0, 1);
/** 1997-09-30 and 1998-06-30 as days since the start (so T = 272 / 7 = 38.86 for a 1 January customer). */
export const CDNOW_CALIBRATION_END_DAY = 272;
export const CDNOW_HOLDOUT_END_DAY = 545;
export const CDNOW_CALIBRATION_WEEKS = CDNOW_CALIBRATION_END_DAY / 7;

function dayOf(yyyymmdd: string, line: number): number {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  if (!match) throw new Error(`CDNOW line ${line}: date "${yyyymmdd}" is not YYYYMMDD`);
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Math.round((time - STUDY_START) / DAY_MS);
}

/**
 * Parses CDNOW_master.txt (header line; customer_id date number_of_cds dollar_value) or CDNOW_sample.txt
 * (no header; master_id sample_id date number_of_cds dollar_value, where the sample id is the one the
 * published summary uses). Whitespace separated; blank lines are skipped.
 */
export function parseCdnowPurchases(text: string): CdnowPurchase[] {
  const purchases: CdnowPurchase[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === "" || (index === 0 && fields[0] === "customer_id")) return;
    const line = index + 1;
    if (fields.length !== 4 && fields.length !== 5) throw new Error(`CDNOW line ${line}: expected 4 or 5 fields, got ${fields.length}`);
    const [customerId, date, cds, dollars] = fields.length === 5 ? fields.slice(1) : fields;
    const purchase = { customerId: String(Number(customerId)), day: dayOf(date!, line), cds: Number(cds), dollars: Number(dollars) };
    if (!Number.isInteger(Number(customerId)) || !Number.isInteger(purchase.cds) || !Number.isFinite(purchase.dollars)) {
      throw new Error(`CDNOW line ${line}: bad customer id, CD count or dollar value in "${raw.trim()}"`);
    }
    purchases.push(purchase);
  });
  return purchases;
}

/** Per customer, their transactions in time order with same-day purchases merged into one. */
export function mergeSameDayPurchases(purchases: readonly CdnowPurchase[]): Map<string, CdnowTransaction[]> {
  const byCustomer = new Map<string, Map<number, number>>();
  for (const p of purchases) {
    const days = byCustomer.get(p.customerId) ?? new Map<number, number>();
    days.set(p.day, (days.get(p.day) ?? 0) + p.dollars);
    byCustomer.set(p.customerId, days);
  }
  const result = new Map<string, CdnowTransaction[]>();
  for (const [id, days] of byCustomer) {
    result.set(id, [...days].map(([day, dollars]) => ({ day, dollars })).sort((a, b) => a.day - b.day));
  }
  return result;
}

/** (x, t_x, T) in weeks, the birth week and the mean repeat spend of every customer who bought in calibration. */
export function summarizeCdnow(transactions: Map<string, CdnowTransaction[]>): CdnowCustomer[] {
  const customers: CdnowCustomer[] = [];
  for (const [customerId, list] of transactions) {
    const stats = summarizeTransactions(
      list.map((t) => t.day / 7),
      CDNOW_CALIBRATION_WEEKS,
    );
    if (!stats) continue;
    const repeats = list.filter((t) => t.day <= CDNOW_CALIBRATION_END_DAY).slice(1);
    const meanRepeatSpend = repeats.length > 0 ? repeats.reduce((s, t) => s + t.dollars, 0) / repeats.length : undefined;
    customers.push({ customerId, ...stats, birthWeek: list[0]!.day / 7, meanRepeatSpend });
  }
  return customers.sort((a, b) => Number(a.customerId) - Number(b.customerId));
}

/**
 * Actual cumulative repeat transactions of the cohort by the end of each week w (transactions on days
 * before 7w, the first purchase of each customer excluded), for w = 1..weeks.
 */
export function cumulativeRepeatsByWeek(transactions: Map<string, CdnowTransaction[]>, weeks: number): number[] {
  const perWeek = new Array<number>(weeks).fill(0);
  for (const list of transactions.values()) {
    for (const t of list.slice(1)) {
      const week = Math.floor(t.day / 7);
      if (week < weeks) perWeek[week]!++;
    }
  }
  let running = 0;
  return perWeek.map((n) => (running += n));
}

export interface PublishedSummaryRow extends RfmStats {
  customerId: string;
}

/** Parses cdnow_customers_summary.csv: ID,frequency,recency,T (weeks, rounded to 2 decimals). */
export function parseCdnowSummaryCsv(text: string): PublishedSummaryRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = lines[0]?.split(",").map((h) => h.trim());
  if (header?.join(",") !== "ID,frequency,recency,T") throw new Error(`CDNOW summary: unexpected header "${lines[0] ?? ""}"`);
  return lines.slice(1).map((l, i) => {
    const [id, x, tx, T] = l.split(",").map((f) => Number(f));
    if ([id, x, tx, T].some((v) => v === undefined || !Number.isFinite(v))) throw new Error(`CDNOW summary line ${i + 2}: "${l}"`);
    return { customerId: String(id), x: x!, tx: tx!, T: T! };
  });
}
