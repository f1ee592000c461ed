import { getFormatter, getTranslations } from "next-intl/server";
import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import { Card, CardHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { getMemberOverview, type Kpi, type OverviewParams } from "@/db/queries/overview";
import { SINGLE_SERIES_COLOR } from "./channel-colors";
import { formatDay, formatMonth, kpiFigures } from "./format";
import { KpiCard } from "./kpi-card";

/** Member counts, activity and loyalty: fetched here, drawn by the chart components. */
export async function MemberSection({ params }: { params: OverviewParams }) {
  const db = await getDb();
  const [data, t, format] = await Promise.all([getMemberOverview(db, params), getTranslations("overview"), getFormatter()]);
  const count = (n: number | null) => (n === null ? t("kpis.notAvailable") : format.number(n));
  const rate = (r: number | null) => (r === null ? t("kpis.notAvailable") : format.number(r, { style: "percent", maximumFractionDigits: 1 }));
  const { members, newMembers, activeMembers, repeatRate } = data.kpis;

  const card = (testId: string, label: string, hint: string, kpi: Kpi, show: (v: number | null) => string, kind: "relative" | "points") => (
    <KpiCard testId={testId} label={label} hint={hint} {...kpiFigures(kpi, show, kind, format, t)} />
  );
  const title = t("charts.newMembersTitle");

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <div className="grid gap-4 sm:grid-cols-2">
        {card("kpi-members", t("kpis.members"), t("kpis.membersHint", { date: formatDay(format, data.period.to) }), members, count, "relative")}
        {card("kpi-new-members", t("kpis.newMembers"), t("kpis.newMembersHint"), newMembers, count, "relative")}
        {card(
          "kpi-active-members",
          t("kpis.activeMembers"),
          t("kpis.activeMembersHint", { date: formatDay(format, data.period.to) }),
          activeMembers,
          count,
          "relative",
        )}
        {card("kpi-repeat-rate", t("kpis.repeatRate"), t("kpis.repeatRateHint"), repeatRate, rate, "points")}
      </div>
      <Card className="min-w-0">
        <CardHeader title={title} description={t("charts.newMembersDescription")} />
        <StackedBarChart
          title={title}
          description={t("charts.newMembersDescription")}
          categoryHeader={t("charts.month")}
          tableCaption={t("charts.dataTable", { title })}
          series={[{ key: "count", label: t("kpis.newMembers"), color: SINGLE_SERIES_COLOR }]}
          rows={data.newMembersByMonth.map((m) => ({
            key: m.month,
            label: formatMonth(format, m.month, "short"),
            fullLabel: formatMonth(format, m.month, "long"),
            values: { count: m.count },
          }))}
          format={{ kind: "number" }}
          height={260}
        />
      </Card>
    </div>
  );
}
