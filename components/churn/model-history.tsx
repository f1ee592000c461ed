import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { Card, CardHeader } from "@/components/ui/card";
import { TableHead } from "@/components/ui/table-head";
import type { ModelRunSummary } from "@/db/queries/churn-runs";

/** Every trained version: when, on which data, and its backtest AUC; the shown one is marked. */
export function ModelHistory({ runs, shown }: { runs: readonly ModelRunSummary[]; shown: number }) {
  const t = useTranslations("churn.model");
  const format = useFormatter();
  const day = (d: Date) => format.dateTime(d, { dateStyle: "medium" });
  return (
    <Card className="min-w-0">
      <CardHeader title={t("historyTitle")} description={t("historyDescription")} />
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-sm" data-testid="model-history">
          <TableHead
            columns={[
              { key: "version", label: t("columns.version") },
              { key: "trainedAt", label: t("columns.trainedAt") },
              { key: "window", label: t("columns.window") },
              { key: "rows", label: t("columns.rows"), numeric: true },
              { key: "auc", label: t("columns.auc"), numeric: true },
            ]}
          />
          <tbody className="divide-y divide-[var(--border)]">
            {runs.map((run) => (
              <tr key={run.id} aria-current={run.version === shown ? "true" : undefined} className={run.version === shown ? "bg-[var(--surface-muted)]" : undefined}>
                <th scope="row" className="px-3 py-2 text-start font-normal">
                  <Link href={`/models/churn?version=${run.version}`} className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
                    {t("versionN", { version: run.version })}
                  </Link>
                </th>
                <td className="tabular whitespace-nowrap px-3 py-2">{format.dateTime(run.trainedAt, { dateStyle: "medium", timeStyle: "short" })}</td>
                <td className="tabular whitespace-nowrap px-3 py-2">{t("window", { from: day(run.dataFrom), to: day(run.dataTo) })}</td>
                <td className="tabular px-3 py-2 text-end">{format.number(run.trainRows)}</td>
                <td className="tabular px-3 py-2 text-end">{run.auc === null ? "–" : format.number(run.auc, { minimumFractionDigits: 3, maximumFractionDigits: 3 })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
