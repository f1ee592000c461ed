import type { FeatureImportance } from "../gbt";
import type { BacktestResult, ModelEvaluation } from "./backtest";
import type { GroundTruthReport } from "./ground-truth";

const f3 = (x: number | null) => (x === null ? "-" : x.toFixed(3));
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const day = (d: Date) => d.toISOString().slice(0, 10);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function calibrationTable(evaluation: ModelEvaluation): string {
  const bins = evaluation.calibration?.bins ?? [];
  return table(
    ["decile", "members", "mean predicted", "observed"],
    bins.map((b, i) => [String(i + 1), String(b.count), f3(b.meanPredicted), f3(b.observedRate)]),
  );
}

function importanceTable(importances: readonly FeatureImportance[], top: number): string {
  return table(
    ["feature", "gain share", "splits"],
    importances.slice(0, top).map((i) => [i.feature, pct(i.share), String(i.splits)]),
  );
}

/** The backtest as text: the metrics per model, the GBT's calibration by decile and its top features. */
export function formatBacktest(result: BacktestResult, topFeatures = 12): string {
  const gbt = result.evaluations.find((e) => e.name === "gbt");
  const { gbt: model } = result.models;
  return [
    `Backtest, horizon ${result.horizonDays} days`,
    `  train: features at ${result.trainCutoffs.map(day).join(", ")}: ${result.trainRows.toLocaleString("en")} member-cutoffs, churn rate ${pct(result.trainChurnRate)}`,
    `  test:  features at ${day(result.testCutoff)}, ${result.testRows.toLocaleString("en")} members, churn rate ${pct(result.testChurnRate)}`,
    `  GBT: ${model.trees.length} trees (early stopping), trained in ${(result.timings.gbtMs / 1000).toFixed(1)} s; logistic ${(result.timings.logisticMs / 1000).toFixed(1)} s`,
    "",
    table(
      ["model", "AUC", "PR-AUC", "Brier", "top-decile lift", "ECE"],
      result.evaluations.map((e) => [e.name, f3(e.auc), f3(e.prAuc), f3(e.brier), e.topDecileLift.toFixed(2), f3(e.calibration?.expectedCalibrationError ?? null)]),
    ),
    "",
    "Calibration of the GBT on the test members (deciles of predicted churn probability):",
    gbt ? calibrationTable(gbt) : "(no GBT)",
    "",
    `Top ${topFeatures} features of the GBT by total gain:`,
    importanceTable(result.importances, topFeatures),
    "",
  ].join("\n");
}

export function formatGroundTruth(report: GroundTruthReport): string {
  return [
    "Against the generator's ground truth (test members):",
    `  dead at the test cutoff: ${report.deadAtCutoff.toLocaleString("en")} of ${report.testRows.toLocaleString("en")} (${pct(report.deadAtCutoff / report.testRows)})`,
    `  churn labels: ${report.churned.toLocaleString("en")}, of which ${pct(report.churnedDead / Math.max(1, report.churned))} dead, the rest alive but without a purchase in the horizon`,
    `  oracle (truth: dead -> 1, alive -> exp(-rate x horizon)): AUC ${f3(report.oracle.auc)}, Brier ${f3(report.oracle.brier)} — the ceiling for any model`,
    "",
    table(
      ["model", "AUC for dead at cutoff"],
      report.deadAuc.map((d) => [d.name, f3(d.auc)]),
    ),
    "",
  ].join("\n");
}

/** The acceptance line: the GBT's AUC against each baseline's, with the margin asked for. */
export function formatAcceptance(result: BacktestResult, baselines: readonly string[], margin = 0.02): string {
  const auc = (name: string) => result.evaluations.find((e) => e.name === name)?.auc;
  const gbt = auc("gbt");
  return baselines
    .map((name) => {
      const other = auc(name);
      if (gbt === undefined || other === undefined) return `GBT vs ${name}: not measured`;
      const gap = gbt - other;
      return `GBT AUC ${gbt.toFixed(3)} vs ${name} ${other.toFixed(3)}: +${gap.toFixed(3)} (goal >= +${margin.toFixed(2)}: ${gap >= margin ? "met" : "NOT met"})`;
    })
    .join("\n");
}
