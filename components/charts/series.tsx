import type { TooltipContentProps } from "recharts";
import { CHART_THEME, type ChartTable } from "./chart-frame";

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

/** The tooltip of the series charts: the point's full label, each series' value, and an optional total. */
export function seriesTooltip(rows: readonly ChartRow[], series: readonly ChartSeries[], show: (value: number) => string, total?: { label: string; of: (row: ChartRow) => number }) {
  return function SeriesTooltip({ active, activeIndex }: TooltipContentProps) {
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
          {total ? (
            <li className="flex gap-2 border-t border-[var(--border)] pt-0.5 font-medium">
              <span>{total.label}</span>
              <span className="tabular ms-auto ps-3">{show(total.of(row))}</span>
            </li>
          ) : null}
        </ul>
      </div>
    );
  };
}

/** The screen-reader table of a series chart: one row per point, one column per series (and the total). */
export function seriesTable(caption: string, categoryHeader: string, rows: readonly ChartRow[], series: readonly ChartSeries[], show: (value: number) => string, total?: { label: string; of: (row: ChartRow) => number }): ChartTable {
  return {
    caption,
    columns: [categoryHeader, ...series.map((s) => s.label), ...(total ? [total.label] : [])],
    rows: rows.map((row) => ({
      key: row.key,
      cells: [row.fullLabel, ...series.map((s) => show(row.values[s.key] ?? 0)), ...(total ? [show(total.of(row))] : [])],
    })),
  };
}

/** Axis settings shared by the series charts: categories along x (mirrored right to left), values on y. */
export function seriesAxes(rtl: boolean, show: (value: number, compact?: boolean) => string) {
  return {
    x: { dataKey: "label", reversed: rtl, tickLine: false, axisLine: { stroke: CHART_THEME.grid }, tick: { fill: CHART_THEME.axis, fontSize: 12 }, minTickGap: 16 },
    y: {
      orientation: rtl ? ("right" as const) : ("left" as const),
      tickLine: false,
      axisLine: false,
      tick: { fill: CHART_THEME.axis, fontSize: 12 },
      tickFormatter: (value: number) => show(value, true),
      width: "auto" as const,
    },
  };
}
