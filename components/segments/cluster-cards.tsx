"use client";

import { useFormatter, useLocale, useTranslations } from "next-intl";
import { saveClusterSegmentAction } from "@/app/(app)/segments/clusters/actions";
import { Card } from "@/components/ui/card";
import type { ClusterRunView } from "@/db/queries/segments-clusters";
import { formatMoney } from "@/lib/i18n/format";
import { renderClusterName } from "@/lib/models/clustering/naming";
import type { ProfileFeature } from "@/lib/models/clustering/profile";
import { SaveAsSegment } from "./save-as-segment";

const MONEY = new Set(["averageBasketMinor", "netSpendMinor"]);

/** Profile cards of a clustering run: generated name in the UI language, size, what sets the cluster apart. */
export function ClusterCards({ run, currency, canSave, day }: { run: ClusterRunView; currency: string; canSave: boolean; day: string }) {
  const t = useTranslations("segments.clusters");
  const tAi = useTranslations("segments-ai");
  const format = useFormatter();
  const locale = useLocale();
  const translate = (key: string, params?: Record<string, string | number>) => tAi(key as never, params as never);
  const show = (f: ProfileFeature, value: number | null) => {
    if (value === null || Number.isNaN(value)) return "–";
    if (f.feature.endsWith("Share") || f.feature.startsWith("category:")) return format.number(value, { style: "percent", maximumFractionDigits: 0 });
    if (MONEY.has(f.feature)) return formatMoney(locale, value, currency);
    if (f.feature === "spendTrend") return format.number(value, { maximumFractionDigits: 2, signDisplay: "exceptZero" });
    return format.number(value, { maximumFractionDigits: 1 });
  };
  const moves = new Map((run.comparison?.perCluster ?? []).map((p) => [p.current, p]));
  return (
    <ul className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
      {[...run.clusters]
        .sort((a, b) => b.size - a.size)
        .map((cluster) => {
          const name = renderClusterName(cluster.name, translate);
          const move = moves.get(cluster.cluster);
          return (
            <li key={cluster.cluster}>
              <Card className="flex h-full flex-col gap-3" data-testid="cluster-card" aria-label={name}>
                <div>
                  <h3 className="font-semibold">{name}</h3>
                  <p className="tabular text-sm text-[var(--text-muted)]">
                    {tAi("profile.members", { count: cluster.size })} · {tAi("profile.share", { share: cluster.share })}
                  </p>
                  {move ? <p className="tabular text-xs text-[var(--text-muted)]">{t("clusterMoves", { stayed: move.stayed, movedIn: move.movedIn, entered: move.entered })}</p> : null}
                </div>
                <table className="w-full text-sm">
                  <caption className="sr-only">{t("featuresOf", { name })}</caption>
                  <thead className="text-xs text-[var(--text-muted)]">
                    <tr>
                      <th scope="col" className="py-1 text-start font-medium">{t("feature")}</th>
                      <th scope="col" className="py-1 text-end font-medium">{tAi("profile.clusterMean")}</th>
                      <th scope="col" className="py-1 text-end font-medium">{tAi("profile.overallMean")}</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-[var(--border)]">
                    {cluster.features.map((f) => (
                      <tr key={f.feature}>
                        <th scope="row" className="py-1 text-start font-normal">{translate(`features.${f.label.key}`, f.label.params)}</th>
                        <td className="tabular py-1 text-end font-medium">{show(f, f.clusterMean)}</td>
                        <td className="tabular py-1 text-end text-[var(--text-muted)]">{show(f, f.overallMean)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {canSave ? (
                  <div className="mt-auto">
                    <SaveAsSegment
                      defaultName={t("defaultName", { name, day })}
                      disabled={cluster.size === 0}
                      save={(segmentName) => saveClusterSegmentAction({ runId: run.id, cluster: cluster.cluster, name: segmentName, description: t("savedDescription", { day }) })}
                    />
                  </div>
                ) : null}
              </Card>
            </li>
          );
        })}
    </ul>
  );
}
