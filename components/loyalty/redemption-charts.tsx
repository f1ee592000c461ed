"use client";

import { useFormatter, useTranslations } from "next-intl";
import { LineChart } from "@/components/charts/line-chart";
import type { ChartRow, ChartSeries } from "@/components/charts/series";
import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import type { WeeklyRedemptions } from "@/db/queries/loyalty/redemption-stats";

// Mid-tone colours that keep 3:1 contrast on the light and the dark card alike.
const PALETTE = ["#2563eb", "#0d9488", "#9333ea", "#d97706", "#db2777", "#65a30d", "#0891b2", "#7c3aed"];

/**
 * Redemptions per week and reward (stacked bars), and each reward's use rate per week: vouchers used ÷
 * vouchers issued that week (db/queries/loyalty/redemption-stats.ts). Weeks without vouchers have no rate.
 */
export function RedemptionCharts({ data }: { data: WeeklyRedemptions }) {
  const t = useTranslations("loyalty.rewards.charts");
  const format = useFormatter();
  const day = (week: string, style: "short" | "long") => format.dateTime(new Date(`${week}T00:00:00Z`), { day: "numeric", month: style, ...(style === "long" ? { year: "numeric" } : {}), timeZone: "UTC" });
  const series: ChartSeries[] = data.rewards.map((r, i) => ({ key: r.id, label: r.name, color: PALETTE[i % PALETTE.length]! }));
  const cells = new Map(data.rows.map((r) => [`${r.rewardId}|${r.week}`, r]));
  const rowsOf = (value: (cell: { issued: number; used: number } | undefined) => number): ChartRow[] =>
    data.weeks.map((week) => ({
      key: week,
      label: day(week, "short"),
      fullLabel: t("weekOf", { date: day(week, "long") }),
      values: Object.fromEntries(data.rewards.map((r) => [r.id, value(cells.get(`${r.id}|${week}`))])),
    }));
  const issued = data.rows.reduce((n, r) => n + r.issued, 0);
  const used = data.rows.reduce((n, r) => n + r.used, 0);
  if (issued === 0) return <p className="text-sm text-[var(--text-muted)]">{t("empty", { weeks: data.weeks.length })}</p>;
  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <div>
        <h3 className="mb-2 text-sm font-semibold">{t("perWeekTitle")}</h3>
        <StackedBarChart
          title={t("perWeekTitle")}
          description={t("perWeekDescription", { issued, weeks: data.weeks.length })}
          categoryHeader={t("week")}
          totalHeader={t("total")}
          tableCaption={t("perWeekTitle")}
          series={series}
          rows={rowsOf((cell) => cell?.issued ?? 0)}
          format={{ kind: "number" }}
        />
      </div>
      <div>
        <h3 className="mb-2 text-sm font-semibold">{t("rateTitle")}</h3>
        <LineChart
          title={t("rateTitle")}
          description={t("rateDescription", { used, issued })}
          categoryHeader={t("week")}
          tableCaption={t("rateTitle")}
          series={series}
          rows={rowsOf((cell) => (cell && cell.issued > 0 ? cell.used / cell.issued : Number.NaN))}
          format={{ kind: "percent" }}
          domain={[0, 1]}
        />
        <p className="mt-2 text-xs text-[var(--text-muted)]">{t("rateDefinition")}</p>
      </div>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs xl:col-span-2" aria-label={t("legend")}>
        {series.map((s) => (
          <li key={s.key} className="inline-flex items-center gap-1.5">
            <span aria-hidden className="inline-block size-2.5 rounded-sm" style={{ background: s.color }} />
            {s.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
