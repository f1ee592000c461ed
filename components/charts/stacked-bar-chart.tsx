"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { CHART_THEME, ChartFrame } from "./chart-frame";
import type { ValueFormat } from "./format";
import { seriesAxes, seriesTable, seriesTooltip, type ChartRow, type ChartSeries } from "./series";
import { useChartFormat } from "./use-chart-format";

export type { ChartRow, ChartSeries };

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
  /** Bars side by side (comparing series) instead of stacked (parts of a whole). */
  grouped?: boolean;
}

/** Bars per point in time, one segment per series; negative values (net returns) stack below zero. */
export function StackedBarChart({ title, description, categoryHeader, totalHeader, tableCaption, series, rows, format, height = 280, grouped = false }: Props) {
  const { rtl, show } = useChartFormat(format);
  const total = (row: ChartRow) => series.reduce((sum, s) => sum + (row.values[s.key] ?? 0), 0);
  const totalColumn = totalHeader !== undefined && series.length > 1 ? { label: totalHeader, of: total } : undefined;
  const table = seriesTable(tableCaption, categoryHeader, rows, series, (value) => show(value), totalColumn);
  const axes = seriesAxes(rtl, show);
  const renderTooltip = seriesTooltip(rows, series, (value) => show(value), totalColumn);

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
        <XAxis {...axes.x} />
        <YAxis {...axes.y} />
        <Tooltip cursor={{ fill: "var(--surface-muted)" }} content={renderTooltip} />
        {series.map((s, i) => (
          <Bar
            key={s.key}
            dataKey={(row: ChartRow) => row.values[s.key] ?? 0}
            name={s.label}
            stackId={grouped ? undefined : "stack"}
            fill={s.color}
            maxBarSize={48}
            radius={grouped || i === series.length - 1 ? [3, 3, 0, 0] : 0}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ChartFrame>
  );
}
