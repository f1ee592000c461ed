"use client";

import { Cell, Pie, PieChart } from "recharts";
import { ChartFrame } from "./chart-frame";
import type { ValueFormat } from "./format";
import { useChartFormat } from "./use-chart-format";

export interface DonutSlice {
  key: string;
  label: string;
  value: number;
  color: string;
}

interface Props {
  title: string;
  description: string;
  slices: readonly DonutSlice[];
  format: ValueFormat;
  /** Printed in the hole: usually the total and what it is. */
  centerLabel: string;
  centerValue: number;
  /** Caption and headers of the screen-reader table; leave out when a visible table sits next to it. */
  table?: { caption: string; categoryHeader: string; valueHeader: string };
  height?: number;
}

/** Shares of a whole. Slices below zero (a channel with more returns than sales) are drawn as empty. */
export function DonutChart({ title, description, slices, format, centerLabel, centerValue, table, height = 200 }: Props) {
  const { show } = useChartFormat(format);
  const drawn = slices.map((s) => ({ ...s, value: Math.max(0, s.value) }));
  const empty = drawn.every((s) => s.value === 0);
  // Gaps between slices only where there are two slices to separate.
  const gap = drawn.filter((s) => s.value > 0).length > 1 ? 2 : 0;
  return (
    <ChartFrame
      label={title}
      description={description}
      height={height}
      table={
        table && {
          caption: table.caption,
          columns: [table.categoryHeader, table.valueHeader],
          rows: slices.map((s) => ({ key: s.key, cells: [s.label, show(s.value)] })),
        }
      }
    >
      <div className="relative h-full w-full">
        <PieChart responsive style={{ width: "100%", height }} accessibilityLayer={false}>
          <Pie
            data={empty ? [{ key: "none", label: "", value: 1, color: "var(--border)" }] : drawn}
            dataKey="value"
            nameKey="label"
            innerRadius="62%"
            outerRadius="92%"
            paddingAngle={gap}
            stroke={gap > 0 ? "var(--surface)" : "none"}
            isAnimationActive={false}
          >
            {(empty ? [{ key: "none", color: "var(--border)" }] : drawn).map((s) => (
              <Cell key={s.key} fill={s.color} />
            ))}
          </Pie>
        </PieChart>
        <div className="pointer-events-none absolute inset-0 flex flex-col items-center justify-center text-center">
          <span className="text-xs text-[var(--text-muted)]">{centerLabel}</span>
          <span className="tabular text-lg font-semibold">{show(centerValue, true)}</span>
        </div>
      </div>
    </ChartFrame>
  );
}
