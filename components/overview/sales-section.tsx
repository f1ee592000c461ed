import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { DonutChart } from "@/components/charts/donut-chart";
import { ChartLegend } from "@/components/charts/legend";
import { StackedBarChart, type ChartRow, type ChartSeries } from "@/components/charts/stacked-bar-chart";
import type { ValueFormat } from "@/components/charts/format";
import { Card, CardHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { getSalesOverview, type Kpi, type OverviewParams, type SalesOverview } from "@/db/queries/overview";
import { formatMoney } from "@/lib/i18n/format";
import { CHANNEL_COLORS } from "./channel-colors";
import { formatDay, kpiFigures, type Formatter, type OverviewT } from "./format";
import { KpiCard } from "./kpi-card";

/** Revenue, receipts and baskets: fetched here, drawn by the chart components. */
export async function SalesSection({ params }: { params: OverviewParams }) {
  const db = await getDb();
  const [data, t, tc, format, locale] = await Promise.all([
    getSalesOverview(db, params),
    getTranslations("overview"),
    getTranslations("common"),
    getFormatter(),
    getLocale(),
  ]);
  const money = (minor: number | null) => (minor === null ? t("kpis.notAvailable") : formatMoney(locale, minor, data.currency));
  const count = (n: number | null) => (n === null ? t("kpis.notAvailable") : format.number(n));
  const series = data.channels.map((c) => ({ key: c.channel, label: tc(`channels.${c.channel}`), color: CHANNEL_COLORS[c.channel] }));
  const moneyFormat: ValueFormat = { kind: "money", currency: data.currency };
  const { revenueMinor: revenue, transactions, avgBasketMinor: basket } = data.kpis;
  const totalRevenue = revenue.value ?? 0;

  const card = (testId: string, label: string, hint: string, kpi: Kpi, show: (v: number | null) => string) => (
    <KpiCard testId={testId} label={label} hint={hint} {...kpiFigures(kpi, show, "relative", format, t)} />
  );

  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-3">
        {card("kpi-revenue", t("kpis.revenue"), t("kpis.revenueHint"), revenue, money)}
        {card("kpi-transactions", t("kpis.transactions"), t("kpis.transactionsHint"), transactions, count)}
        {card("kpi-avg-basket", t("kpis.avgBasket"), t("kpis.avgBasketHint"), basket, money)}
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <ChannelSeriesCard title={t("charts.revenueTitle")} measure="revenueMinor" valueFormat={moneyFormat} data={data} series={series} t={t} format={format}>
          {transactions.value === 0 && totalRevenue === 0 ? <p className="mb-2 text-sm text-[var(--text-muted)]">{t("charts.noSales")}</p> : null}
        </ChannelSeriesCard>
        <Card className="min-w-0 lg:row-span-2">
          <CardHeader title={t("charts.channelsTitle")} description={t("charts.channelsDescription")} />
          <DonutChart
            title={t("charts.channelsTitle")}
            description={t("charts.channelsDescription")}
            slices={data.channels.map((c) => ({ key: c.channel, label: tc(`channels.${c.channel}`), value: c.revenueMinor, color: CHANNEL_COLORS[c.channel] }))}
            format={moneyFormat}
            centerLabel={t("kpis.revenue")}
            centerValue={totalRevenue}
          />
          <ChannelTable data={data} t={t} tc={tc} format={format} money={money} />
        </Card>
        <ChannelSeriesCard
          title={t("charts.transactionsTitle")}
          measure="transactions"
          valueFormat={{ kind: "number" }}
          height={220}
          data={data}
          series={series}
          t={t}
          format={format}
        />
      </div>
    </div>
  );
}

/** A figure per channel over time: stacked bars with their legend. */
function ChannelSeriesCard(props: {
  title: string;
  measure: "revenueMinor" | "transactions";
  valueFormat: ValueFormat;
  height?: number;
  data: SalesOverview;
  series: ChartSeries[];
  t: OverviewT;
  format: Formatter;
  children?: ReactNode;
}) {
  const { title, data, series, t } = props;
  const description = data.granularity === "day" ? t("charts.perDay") : t("charts.perWeek");
  return (
    <Card className="min-w-0 lg:col-span-2">
      <CardHeader title={title} description={description} />
      {props.children}
      <StackedBarChart
        title={title}
        description={description}
        categoryHeader={t("charts.date")}
        totalHeader={t("charts.total")}
        tableCaption={t("charts.dataTable", { title })}
        series={series}
        rows={chartRows(data, props.measure, props.format, t)}
        format={props.valueFormat}
        height={props.height}
      />
      <ChartLegend items={series} />
    </Card>
  );
}

function chartRows(data: SalesOverview, measure: "revenueMinor" | "transactions", format: Formatter, t: OverviewT): ChartRow[] {
  return data.series.map((point) => ({
    key: point.start,
    label: formatDay(format, point.start, "short"),
    fullLabel: data.granularity === "day" ? formatDay(format, point.start, "long") : t("charts.weekOf", { date: formatDay(format, point.start, "long") }),
    values: point[measure],
  }));
}

function ChannelTable({
  data,
  t,
  tc,
  format,
  money,
}: {
  data: SalesOverview;
  t: OverviewT;
  tc: (key: string) => string;
  format: Formatter;
  money: (minor: number | null) => string;
}) {
  const total = data.kpis.revenueMinor.value ?? 0;
  return (
    <table className="mt-4 w-full text-sm" data-testid="channel-table">
      <caption className="sr-only">{t("charts.channelsTitle")}</caption>
      <thead className="text-xs text-[var(--text-muted)]">
        <tr className="border-b border-[var(--border)]">
          <th scope="col" className="py-2 text-start font-medium">
            {t("charts.channel")}
          </th>
          <th scope="col" className="py-2 text-end font-medium">
            {t("kpis.revenue")}
          </th>
        </tr>
      </thead>
      <tbody>
        {data.channels.map((c) => (
          <tr key={c.channel} className="border-b border-[var(--border)] align-top last:border-0" data-channel={c.channel}>
            <th scope="row" className="py-2.5 text-start font-normal">
              <span className="flex items-center gap-2 font-medium">
                <span aria-hidden className="inline-block size-2.5 shrink-0 rounded-sm" style={{ background: CHANNEL_COLORS[c.channel] }} />
                {tc(`channels.${c.channel}`)}
              </span>
              <span className="tabular mt-0.5 block ps-4.5 text-xs text-[var(--text-muted)]">
                {t("charts.channelDetail", { transactions: format.number(c.transactions), basket: c.avgBasketMinor === null ? "–" : money(c.avgBasketMinor) })}
              </span>
            </th>
            <td className="tabular py-2.5 text-end" data-value={c.revenueMinor}>
              <span className="block font-medium">{money(c.revenueMinor)}</span>
              <span className="block text-xs text-[var(--text-muted)]">
                {total > 0 ? format.number(c.revenueMinor / total, { style: "percent", maximumFractionDigits: 0 }) : "–"}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
