"use client";

import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { CHART_THEME, ChartFrame } from "./chart-frame";
import type { ValueFormat } from "./format";
import { useChartFormat } from "./use-chart-format";

export interface TrendPoint {
  key: string;
  /** Short label for the axis. */
  label: string;
  /** Full label for the tooltip and the data table. */
  fullLabel: string;
  value: number;
}

interface Props {
  title: string;
  description: string;
  tableCaption: string;
  categoryHeader: string;
  valueHeader: string;
  points: readonly TrendPoint[];
  format: ValueFormat;
  /** Any CSS colour, including `var(--…)`. */
  color: string;
  height?: number;
}

/** One series over time as a filled line (a segment's size per day). */
export function TrendChart({ title, description, tableCaption, categoryHeader, valueHeader, points, format, color, height = 220 }: Props) {
  const { rtl, show } = useChartFormat(format);
  const renderTooltip = ({ active, activeIndex }: TooltipContentProps) => {
    const point = active && activeIndex != null ? points[Number(activeIndex)] : undefined;
    if (!point) return null;
    return (
      <div className={CHART_THEME.tooltip}>
        <p className="font-medium">{point.fullLabel}</p>
        <p className="tabular">{show(point.value)}</p>
      </div>
    );
  };
  return (
    <ChartFrame
      label={title}
      description={description}
      height={height}
      table={{ caption: tableCaption, columns: [categoryHeader, valueHeader], rows: points.map((p) => ({ key: p.key, cells: [p.fullLabel, show(p.value)] })) }}
    >
      <AreaChart data={points as TrendPoint[]} responsive style={{ width: "100%", height }} margin={{ top: 8, right: 8, bottom: 0, left: 8 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke={CHART_THEME.grid} strokeDasharray="3 3" />
        <XAxis dataKey="label" reversed={rtl} tickLine={false} axisLine={{ stroke: CHART_THEME.grid }} tick={{ fill: CHART_THEME.axis, fontSize: 12 }} minTickGap={24} />
        <YAxis
          orientation={rtl ? "right" : "left"}
          tickLine={false}
          axisLine={false}
          tick={{ fill: CHART_THEME.axis, fontSize: 12 }}
          tickFormatter={(value: number) => show(value, true)}
          width="auto"
          allowDecimals={false}
        />
        <Tooltip content={renderTooltip} />
        <Area type="monotone" dataKey="value" stroke={color} fill={color} fillOpacity={0.15} strokeWidth={2} isAnimationActive={false} />
      </AreaChart>
    </ChartFrame>
  );
}
