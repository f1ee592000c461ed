"use client";

import { CartesianGrid, Line, LineChart as RechartsLineChart, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { CHART_THEME, ChartFrame, ChartTooltip } from "./chart-frame";
import { ChartLegend } from "./legend";
import type { ValueFormat } from "./format";
import { useChartFormat } from "./use-chart-format";
import type { ChartRow, ChartSeries } from "./stacked-bar-chart";

interface Props {
  title: string;
  description: string;
  /** Header of the first column of the data table. */
  categoryHeader: string;
  tableCaption: string;
  series: readonly (ChartSeries & { dashed?: boolean })[];
  rows: readonly ChartRow[];
  format: ValueFormat;
  /** Fixed bounds of the value axis (e.g. [0, 1] for probabilities); fitted to the data when absent. */
  domain?: [number, number];
  height?: number;
  testId?: string;
}

/** A point a series lacks: absent, or NaN (a rate with nothing to divide by). */
const valueOf = (row: ChartRow, key: string): number | undefined => {
  const value = row.values[key];
  return value === undefined || Number.isNaN(value) ? undefined : value;
};

/** Lines over ordered categories (deciles, dates), one per series; a dashed series for a reference line; missing points are skipped. */
export function LineChart({ title, description, categoryHeader, tableCaption, series, rows, format, domain, height = 260, testId }: Props) {
  const { rtl, show } = useChartFormat(format);

  const table = {
    caption: tableCaption,
    columns: [categoryHeader, ...series.map((s) => s.label)],
    rows: rows.map((row) => ({ key: row.key, cells: [row.fullLabel, ...series.map((s) => { const v = valueOf(row, s.key); return v === undefined ? "" : show(v); })] })),
  };

  const renderTooltip = ({ active, activeIndex }: TooltipContentProps) => {
    const row = active && activeIndex != null ? rows[Number(activeIndex)] : undefined;
    if (!row) return null;
    return (
      <ChartTooltip
        title={row.fullLabel}
        items={series.flatMap((s) => { const v = valueOf(row, s.key); return v === undefined ? [] : [{ ...s, value: show(v), line: true }]; })}
      />
    );
  };

  return (
    <div data-testid={testId}>
      <ChartFrame label={title} description={description} table={table} height={height}>
        <RechartsLineChart data={rows as ChartRow[]} responsive style={{ width: "100%", height }} margin={{ top: 8, right: 12, bottom: 0, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid vertical={false} stroke={CHART_THEME.grid} strokeDasharray="3 3" />
          <XAxis dataKey="label" reversed={rtl} tickLine={false} axisLine={{ stroke: CHART_THEME.grid }} tick={{ fill: CHART_THEME.axis, fontSize: 12 }} minTickGap={8} />
          <YAxis
            orientation={rtl ? "right" : "left"}
            tickLine={false}
            axisLine={false}
            tick={{ fill: CHART_THEME.axis, fontSize: 12 }}
            tickFormatter={(value: number) => show(value, true)}
            domain={domain ?? ["auto", "auto"]}
            width="auto"
          />
          <Tooltip cursor={{ stroke: "var(--border)" }} content={renderTooltip} />
          {series.map((s) => (
            <Line
              key={s.key}
              type="linear"
              dataKey={(row: ChartRow) => valueOf(row, s.key) ?? null}
              name={s.label}
              stroke={s.color}
              strokeWidth={s.dashed ? 1.5 : 2}
              strokeDasharray={s.dashed ? "4 4" : undefined}
              dot={s.dashed ? false : { r: 3, fill: s.color }}
              isAnimationActive={false}
              connectNulls
            />
          ))}
        </RechartsLineChart>
      </ChartFrame>
      <ChartLegend items={series.map((s) => ({ ...s, line: true }))} />
    </div>
  );
}
