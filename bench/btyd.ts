/**
 * BTYD fit time against the number of customers:
 * `tsx bench/btyd.ts [--sizes 10000,100000,1000000] [--grids week,day]`.
 *
 * For each size it simulates a cohort from the CDNOW parameters (BG/NBD for the BG/NBD fit, Pareto/NBD for
 * the Pareto/NBD fit) with purchase times to the day (in weeks), compresses it to distinct (x, t_x, T) rows,
 * exactly ("day") or with t_x and T rounded to whole weeks ("week"), and fits. Compression is linear in
 * customers; the fit depends on the distinct rows only. Weekly rows fill their grid and stop growing, so
 * that fit levels off; exact daily rows keep growing (x times every pair of days) well past 1M customers.
 * `runBtydBench` is for `npm run bench` to call; the CLI prints the same table alone.
 */
import { pathToFileURL } from "node:url";
import { Random } from "../db/seed/random";
import { fitBgNbd } from "../lib/models/btyd/bgnbd";
import { fitParetoNbd } from "../lib/models/btyd/pareto-nbd";
import { simulateBgNbd, simulateParetoNbd, type Sampler } from "../lib/models/btyd/simulate";
import { compressRfm, type RfmStats } from "../lib/models/btyd/summary";

export interface BtydBenchRow {
  model: "BG/NBD" | "Pareto/NBD";
  /** Compression grid: exact daily times, or t_x and T rounded to whole weeks. */
  grid: "day" | "week";
  customers: number;
  simulateMs: number;
  compressMs: number;
  rows: number;
  fitMs: number;
  logLikelihood: number;
  converged: boolean;
}

const BG_NBD = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const PARETO_NBD = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
/** A CDNOW-like cohort: first purchases over 12 weeks, calibration ending at week 39, times to the day. */
const OPTIONS = { observation: (r: Sampler) => 39 - Math.floor(84 * r.uniform()) / 7, grid: 1 / 7 };

/**
 * CPU time of the work (user + system, in ms): the machine is shared, and wall time there measures the
 * neighbours as much as the fit. The work is single-threaded, so on an idle machine the two agree.
 */
function timed<T>(work: () => T): [T, number] {
  const started = process.cpuUsage();
  const result = work();
  const used = process.cpuUsage(started);
  return [result, (used.user + used.system) / 1000];
}

function measure(model: BtydBenchRow["model"], customers: number, simulate: () => RfmStats[], grids: readonly BtydBenchRow["grid"][]): BtydBenchRow[] {
  const [cohort, simulateMs] = timed(simulate);
  return grids.map((grid) => {
    const [rows, compressMs] = timed(() => compressRfm(cohort, grid === "week" ? 1 : 0));
    const [fit, fitMs] = timed(() => (model === "BG/NBD" ? fitBgNbd(rows) : fitParetoNbd(rows)));
    return { model, grid, customers, simulateMs, compressMs, rows: rows.length, fitMs, logLikelihood: fit.logLikelihood, converged: fit.converged };
  });
}

export function runBtydBench(
  sizes: readonly number[] = [10_000, 100_000, 1_000_000],
  grids: readonly BtydBenchRow["grid"][] = ["week", "day"],
  seed = 1,
): BtydBenchRow[] {
  const results: BtydBenchRow[] = [];
  for (const n of sizes) {
    results.push(...measure("BG/NBD", n, () => simulateBgNbd(BG_NBD, n, new Random([seed, n, 1]), OPTIONS), grids));
    results.push(...measure("Pareto/NBD", n, () => simulateParetoNbd(PARETO_NBD, n, new Random([seed, n, 2]), OPTIONS), grids));
  }
  return results;
}

export function formatBtydBench(results: readonly BtydBenchRow[]): string[] {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const lines = ["model       grid   customers   simulate   compress   distinct rows        fit   converged"];
  for (const r of results) {
    lines.push(
      `${r.model.padEnd(11)} ${r.grid.padEnd(5)}${r.customers.toLocaleString("en").padStart(11)}${s(r.simulateMs).padStart(11)}${s(r.compressMs).padStart(11)}` +
        `${r.rows.toLocaleString("en").padStart(16)}${s(r.fitMs).padStart(11)}${(r.converged ? "yes" : "NO").padStart(12)}`,
    );
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const sizes = arg("sizes")?.split(",").map(Number);
  const grids = arg("grids")?.split(",");
  if (sizes?.some((n) => !(Number.isInteger(n) && n > 0)) || grids?.some((g) => g !== "day" && g !== "week")) {
    console.error("usage: tsx bench/btyd.ts [--sizes 10000,100000] [--grids week,day]");
    process.exitCode = 2;
  } else {
    console.log("BTYD fit on compressed statistics (first purchases over 84 days, times to the day, 39-week calibration; CPU seconds)");
    for (const line of formatBtydBench(runBtydBench(sizes, grids as BtydBenchRow["grid"][] | undefined))) console.log(line);
  }
}
