import { bgNbdConditionalExpectedPurchases, bgNbdExpectedPurchases, fitBgNbd } from "./bgnbd";
import {
  cumulativeRepeatsByWeek,
  mergeSameDayPurchases,
  parseCdnowPurchases,
  parseCdnowSummaryCsv,
  summarizeCdnow,
} from "./cdnow";
import { expectedCumulativeRepeats } from "./cohort";
import type { FitResult } from "./fit";
import { fitGammaGamma } from "./gamma-gamma";
import { fitParetoNbd, paretoNbdExpectedPurchases } from "./pareto-nbd";
import { compressRfm } from "./summary";

/**
 * The CDNOW validation: fits the three models on the 2,357-customer sample and compares them with the
 * published results (the data's README: Fader, Hardie & Lee 2005 and the Gamma-Gamma note). Text in,
 * a report out; `scripts/models-validate.ts` prints it and the test asserts on it.
 */
export interface Check {
  name: string;
  ours: number;
  published: number;
  /** What "close enough" means for this line, e.g. "rel. diff <= 1%" or "|diff| <= 0.1". */
  rule: string;
  difference: number;
  pass: boolean;
}

export interface TrackingRow {
  week: number;
  actual: number;
  bgNbd: number;
  paretoNbd: number;
}

export interface ValidationReport {
  purchases: number;
  transactions: number;
  customers: number;
  compressedRows: number;
  summaryMismatches: string[];
  checks: Check[];
  tracking: TrackingRow[];
  fits: { bgNbd: FitResult<string>; paretoNbd: FitResult<string>; gammaGamma: FitResult<string> };
  pass: boolean;
}

const PUBLISHED = {
  bgNbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, logLikelihood: -9582.4 },
  paretoNbd: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669, logLikelihood: -9595.0 },
  gammaGamma: { p: 6.25, q: 3.74, gamma: 15.44, logLikelihood: -4055.9 },
  exampleCustomer: { x: 2, tx: 30.43, T: 38.86, horizon: 39, expected: 1.226 },
  week78: { actual: 4339, bgNbdGapPercent: -4, paretoNbdGapPercent: -2 },
};

const round = (v: number, decimals: number) => Math.round(v * 10 ** decimals) / 10 ** decimals;
const decimalsOf = (v: number) => (String(v).split(".")[1] ?? "").length;

/** Published parameters are rounded: ours is rounded the same way before the relative difference is taken. */
function parameterCheck(model: string, name: string, ours: number, published: number): Check {
  const difference = Math.abs(round(ours, decimalsOf(published)) - published) / Math.abs(published);
  return { name: `${model} ${name}`, ours, published, rule: "rel. diff <= 1%", difference, pass: difference <= 0.01 };
}

function absoluteCheck(name: string, ours: number, published: number, tolerance: number): Check {
  const difference = Math.abs(ours - published);
  return { name, ours, published, rule: `|diff| <= ${tolerance}`, difference, pass: difference <= tolerance };
}

const TRACKING_WEEKS = [6, 12, 18, 24, 30, 36, 39, 42, 48, 54, 60, 66, 72, 78];

export function validateCdnow(sampleText: string, summaryCsvText: string): ValidationReport {
  const purchases = parseCdnowPurchases(sampleText);
  const transactions = mergeSameDayPurchases(purchases);
  const customers = summarizeCdnow(transactions);

  // Our summary, built from the raw purchases, against the published one (rounded to 2 decimals).
  const published = new Map(parseCdnowSummaryCsv(summaryCsvText).map((row) => [row.customerId, row]));
  const summaryMismatches: string[] = [];
  for (const c of customers) {
    const p = published.get(c.customerId);
    const close = (a: number, b: number) => Math.abs(a - b) <= 0.005 + 1e-9;
    if (!p || p.x !== c.x || !close(p.tx, c.tx) || !close(p.T, c.T)) {
      summaryMismatches.push(`customer ${c.customerId}: ours (${c.x}, ${c.tx.toFixed(2)}, ${c.T.toFixed(2)}), published ${p ? `(${p.x}, ${p.tx}, ${p.T})` : "missing"}`);
    }
  }
  if (published.size !== customers.length) summaryMismatches.push(`${customers.length} customers in the purchases, ${published.size} in the summary`);

  const rows = compressRfm(customers);
  const bgNbd = fitBgNbd(rows);
  const paretoNbd = fitParetoNbd(rows);
  const spend = customers.filter((c) => c.x > 0).map((c) => ({ x: c.x, meanSpend: c.meanRepeatSpend! }));
  const gammaGamma = fitGammaGamma(spend);

  const checks: Check[] = [];
  const B = PUBLISHED.bgNbd;
  for (const name of ["r", "alpha", "a", "b"] as const) checks.push(parameterCheck("BG/NBD", name, bgNbd.params[name], B[name]));
  checks.push(absoluteCheck("BG/NBD log-likelihood", bgNbd.logLikelihood, B.logLikelihood, 0.1));
  const P = PUBLISHED.paretoNbd;
  for (const name of ["r", "alpha", "s", "beta"] as const) checks.push(parameterCheck("Pareto/NBD", name, paretoNbd.params[name], P[name]));
  checks.push(absoluteCheck("Pareto/NBD log-likelihood", paretoNbd.logLikelihood, P.logLikelihood, 0.1));
  const G = PUBLISHED.gammaGamma;
  for (const name of ["p", "q", "gamma"] as const) checks.push(parameterCheck("Gamma-Gamma", name, gammaGamma.params[name], G[name]));
  checks.push(absoluteCheck("Gamma-Gamma log-likelihood", gammaGamma.logLikelihood, G.logLikelihood, 0.1));
  checks.push(absoluteCheck("Gamma-Gamma customers with x > 0", spend.length, 946, 0));

  const E = PUBLISHED.exampleCustomer;
  const example = bgNbdConditionalExpectedPurchases(bgNbd.params, E, E.horizon);
  checks.push(absoluteCheck(`BG/NBD E[Y(${E.horizon})] for x=${E.x}, t_x=${E.tx}, T=${E.T}`, example, E.expected, 0.001));

  const actual = cumulativeRepeatsByWeek(transactions, 78);
  const births = customers.map((c) => c.birthWeek);
  const bgTrack = expectedCumulativeRepeats((t) => bgNbdExpectedPurchases(bgNbd.params, t), births, TRACKING_WEEKS);
  const pnTrack = expectedCumulativeRepeats((t) => paretoNbdExpectedPurchases(paretoNbd.params, t), births, TRACKING_WEEKS);
  const tracking = TRACKING_WEEKS.map((week, i) => ({ week, actual: actual[week - 1]!, bgNbd: bgTrack[i]!, paretoNbd: pnTrack[i]! }));
  const last = tracking[tracking.length - 1]!;
  const W = PUBLISHED.week78;
  checks.push(absoluteCheck("actual cumulative repeat transactions, week 78", last.actual, W.actual, 0));
  // The published gaps are read off a chart ("about 4%", "about 2%"): 1.5 points either way.
  checks.push(absoluteCheck("BG/NBD forecast gap at week 78, %", gapPercent(last.bgNbd, last.actual), W.bgNbdGapPercent, 1.5));
  checks.push(absoluteCheck("Pareto/NBD forecast gap at week 78, %", gapPercent(last.paretoNbd, last.actual), W.paretoNbdGapPercent, 1.5));

  const converged = [bgNbd, paretoNbd, gammaGamma].every((f) => f.converged);
  checks.push({ name: "all three fits converged", ours: converged ? 1 : 0, published: 1, rule: "two starts agree, gradient flat", difference: converged ? 0 : 1, pass: converged });

  return {
    purchases: purchases.length,
    transactions: [...transactions.values()].reduce((n, list) => n + list.length, 0),
    customers: customers.length,
    compressedRows: rows.length,
    summaryMismatches,
    checks,
    tracking,
    fits: { bgNbd, paretoNbd, gammaGamma },
    pass: summaryMismatches.length === 0 && checks.every((c) => c.pass),
  };
}

export function gapPercent(forecast: number, actual: number): number {
  return (100 * (forecast - actual)) / actual;
}
