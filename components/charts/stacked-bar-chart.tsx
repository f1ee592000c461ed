"use client";

import { useLocale } from "next-intl";
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { directionOf, isLocale } from "@/lib/i18n/config";
import { CHART_THEME, ChartFrame } from "./chart-frame";
import { formatValue, type ValueFormat } from "./format";

export interface ChartSeries {
  key: string;
  label: string;
  /** Any CSS colour, including `var(--…)`, so one series can have a light and a dark shade. */
  color: string;
}

export interface ChartRow {
  key: string;
  /** Short label for the axis. */
  label: string;
  /** Full label for the tooltip and the data table. */
  fullLabel: string;
  values: Record<string, number>;
}

interface Props {
  title: string;
  description: string;
  /** Header of the first column of the data table ("Date", "Month"). */
  categoryHeader: string;
  /** Header of the total column; omitted for a single series. */
  totalHeader?: string;
  tableCaption: string;
  series: readonly ChartSeries[];
  rows: readonly ChartRow[];
  format: ValueFormat;
  height?: number;
}

/** Bars per point in time, one segment per series; negative values (net returns) stack below zero. */
export function StackedBarChart({ title, description, categoryHeader, totalHeader, tableCaption, series, rows, format, height = 280 }: Props) {
  const requested = useLocale();
  const locale = isLocale(requested) ? requested : "en";
  const rtl = directionOf(locale) === "rtl";
  const show = (value: number, compact = false) => formatValue(locale, value, format, compact);
  const total = (row: ChartRow) => series.reduce((sum, s) => sum + (row.values[s.key] ?? 0), 0);
  const withTotal = totalHeader !== undefined && series.length > 1;

  const table = {
    caption: tableCaption,
    columns: [categoryHeader, ...series.map((s) => s.label), ...(withTotal ? [totalHeader] : [])],
    rows: rows.map((row) => ({
      key: row.key,
      cells: [row.fullLabel, ...series.map((s) => show(row.values[s.key] ?? 0)), ...(withTotal ? [show(total(row))] : [])],
    })),
  };

  const renderTooltip = ({ active, activeIndex }: TooltipContentProps) => {
    const row = active && activeIndex != null ? rows[Number(activeIndex)] : undefined;
    if (!row) return null;
    return (
      <div className={CHART_THEME.tooltip}>
        <p className="mb-1 font-medium">{row.fullLabel}</p>
        <ul className="space-y-0.5">
          {series.map((s) => (
            <li key={s.key} className="flex items-center gap-2">
              <span aria-hidden className="inline-block size-2.5 rounded-sm" style={{ background: s.color }} />
              <span className="text-[var(--text-muted)]">{s.label}</span>
              <span className="tabular ms-auto ps-3 font-medium">{show(row.values[s.key] ?? 0)}</span>
            </li>
          ))}
          {withTotal ? (
            <li className="flex gap-2 border-t border-[var(--border)] pt-0.5 font-medium">
              <span>{totalHeader}</span>
              <span className="tabular ms-auto ps-3">{show(total(row))}</span>
            </li>
          ) : null}
        </ul>
      </div>
    );
  };

  return (
    <ChartFrame label={title} description={description} table={table} height={height}>
      <BarChart
        data={rows as ChartRow[]}
        responsive
        style={{ width: "100%", height }}
        margin={{ top: 8, right: 8, bottom: 0, left: 8 }}
        stackOffset="sign"
        accessibilityLayer={false}
      >
        <CartesianGrid vertical={false} stroke={CHART_THEME.grid} strokeDasharray="3 3" />
        <XAxis
          dataKey="label"
          reversed={rtl}
          tickLine={false}
          axisLine={{ stroke: CHART_THEME.grid }}
          tick={{ fill: CHART_THEME.axis, fontSize: 12 }}
          minTickGap={16}
        />
        <YAxis
          orientation={rtl ? "right" : "left"}
          tickLine={false}
          axisLine={false}
          tick={{ fill: CHART_THEME.axis, fontSize: 12 }}
          tickFormatter={(value: number) => show(value, true)}
          width="auto"
        />
        <Tooltip cursor={{ fill: "var(--surface-muted)" }} content={renderTooltip} />
        {series.map((s, i) => (
          <Bar
            key={s.key}
            dataKey={(row: ChartRow) => row.values[s.key] ?? 0}
            name={s.label}
            stackId="stack"
            fill={s.color}
            maxBarSize={48}
            radius={i === series.length - 1 ? [3, 3, 0, 0] : 0}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ChartFrame>
  );
}
