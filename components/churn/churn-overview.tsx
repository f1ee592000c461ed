import { getFormatter, getTranslations } from "next-intl/server";
import { ChartLegend } from "@/components/charts/legend";
import { StackedBarChart, type ChartRow } from "@/components/charts/stacked-bar-chart";
import { Card, CardHeader } from "@/components/ui/card";
import type { OverviewPoint } from "@/db/queries/churn-runs";
import { RISK_BANDS } from "@/lib/models/churn/bands";
import { BAND_COLORS } from "./risk-band-badge";

/** Members and value at stake per risk band at each re-score (oldest first): is the program losing fewer? */
export async function ChurnOverview({ points, currency }: { points: readonly OverviewPoint[]; currency: string }) {
  const [t, format] = await Promise.all([getTranslations("churn"), getFormatter()]);
  const series = RISK_BANDS.map((band) => ({ key: band, label: t(`bands.${band}`), color: BAND_COLORS[band] }));
  const rows = (measure: "members" | "valueAtStakeMinor"): ChartRow[] =>
    points.map((p) => ({
      key: p.runId,
      label: format.dateTime(p.asOf, { month: "short", day: "numeric" }),
      fullLabel: format.dateTime(p.asOf, { dateStyle: "medium", timeStyle: "short" }),
      values: Object.fromEntries(RISK_BANDS.map((band) => [band, p.bands[band][measure]])),
    }));
  const charts = [
    { measure: "members" as const, title: t("overview.membersTitle"), description: t("overview.membersDescription"), format: { kind: "number" } as const },
    { measure: "valueAtStakeMinor" as const, title: t("overview.valueTitle"), description: t("overview.valueDescription"), format: { kind: "money", currency } as const },
  ];
  return (
    <div className="mb-6 grid gap-6 lg:grid-cols-2" data-testid="churn-overview">
      {charts.map((chart) => (
        <Card key={chart.measure} className="min-w-0">
          <CardHeader title={chart.title} description={chart.description} />
          <StackedBarChart
            title={chart.title}
            description={chart.description}
            categoryHeader={t("overview.run")}
            totalHeader={t("overview.total")}
            tableCaption={t("overview.dataTable", { title: chart.title })}
            series={series}
            rows={rows(chart.measure)}
            format={chart.format}
            height={220}
          />
          <ChartLegend items={series} />
        </Card>
      ))}
    </div>
  );
}
