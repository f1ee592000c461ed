import { useFormatter, useTranslations } from "next-intl";
import { Card, CardHeader } from "@/components/ui/card";
import { TableHead } from "@/components/ui/table-head";
import type { StoredEvaluation } from "@/db/schema";
import type { FeatureImportance } from "@/lib/models/gbt";

/** The models in the order the page compares them: ours, then the baselines. */
export const MODEL_ORDER = ["gbt", "logistic", "btyd", "rfm"] as const;

export function orderedEvaluations(evaluations: readonly StoredEvaluation[]): StoredEvaluation[] {
  const rank = (name: string) => {
    const i = (MODEL_ORDER as readonly string[]).indexOf(name);
    return i < 0 ? MODEL_ORDER.length : i;
  };
  return [...evaluations].sort((a, b) => rank(a.name) - rank(b.name));
}

/** AUC, PR-AUC, Brier, top-decile lift and calibration error of the GBT beside the baselines, on the backtest's test members. */
export function ModelMetricsTable({ evaluations }: { evaluations: readonly StoredEvaluation[] }) {
  const t = useTranslations("churn.model");
  const format = useFormatter();
  const gbt = evaluations.find((e) => e.name === "gbt");
  const fixed = (x: number | null, digits = 3) => (x === null ? "–" : format.number(x, { minimumFractionDigits: digits, maximumFractionDigits: digits }));
  const cell = "tabular px-3 py-2.5 text-end";
  return (
    <Card className="min-w-0">
      <CardHeader title={t("metricsTitle")} description={t("metricsDescription")} />
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-sm" data-testid="model-metrics">
          <TableHead
            columns={[
              { key: "model", label: t("columns.model") },
              ...(["auc", "aucGap", "prAuc", "brier", "lift", "ece"] as const).map((key) => ({ key, label: t(`columns.${key}`), numeric: true })),
            ]}
          />
          <tbody className="divide-y divide-[var(--border)]">
            {orderedEvaluations(evaluations).map((e) => (
              <tr key={e.name} data-testid={`model-metrics-${e.name}`} className={e.name === "gbt" ? "font-medium" : undefined}>
                <th scope="row" className="px-3 py-2.5 text-start font-normal">
                  {t(`models.${e.name}`)}
                </th>
                <td className={cell} data-testid={`auc-${e.name}`}>{fixed(e.auc)}</td>
                <td className={cell}>{gbt && e.name !== "gbt" ? format.number(gbt.auc - e.auc, { signDisplay: "always", minimumFractionDigits: 3, maximumFractionDigits: 3 }) : "–"}</td>
                <td className={cell}>{fixed(e.prAuc)}</td>
                <td className={cell}>{fixed(e.brier)}</td>
                <td className={cell}>{fixed(e.topDecileLift, 2)}</td>
                <td className={cell}>{fixed(e.ece)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="mt-3 text-xs text-[var(--text-muted)]">{t("metricsNote")}</p>
    </Card>
  );
}

/** The GBT's features by share of its total split gain. */
export function ImportanceList({ importances, top = 15 }: { importances: readonly FeatureImportance[]; top?: number }) {
  const t = useTranslations("churn");
  const format = useFormatter();
  const shown = importances.filter((i) => i.share > 0).slice(0, top);
  const largest = shown[0]?.share ?? 1;
  return (
    <Card className="min-w-0">
      <CardHeader title={t("model.importancesTitle")} description={t("model.importancesDescription")} />
      <ol className="space-y-2" data-testid="feature-importances">
        {shown.map((i) => (
          <li key={i.feature} className="grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-3 gap-y-1 text-sm">
            <span>{t.has(`features.${i.feature}`) ? t(`features.${i.feature}`) : i.feature}</span>
            <span className="tabular text-[var(--text-muted)]">{format.number(i.share, { style: "percent", maximumFractionDigits: 1 })}</span>
            <span aria-hidden className="col-span-2 h-1.5 rounded-full bg-[var(--surface-muted)]">
              <span className="block h-full rounded-full bg-brand-600" style={{ width: `${(i.share / largest) * 100}%` }} />
            </span>
          </li>
        ))}
      </ol>
    </Card>
  );
}
