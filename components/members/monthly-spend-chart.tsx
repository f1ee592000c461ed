"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { directionOf, isLocale } from "@/lib/i18n/config";
import { formatMoney, minorToMajor } from "@/lib/i18n/format";

export interface MonthlySpendPoint {
  /** Short month name for the axis. */
  label: string;
  /** Month and year, for the tooltip. */
  fullLabel: string;
  minor: number;
}

interface Props {
  points: readonly MonthlySpendPoint[];
  currency: string;
  locale: string;
  /** One sentence that says what the chart shows; the chart's accessible name. */
  summary: string;
}

/** Draws the monthly spend it is given; the page computes and formats everything else. */
export function MonthlySpendChart({ points, currency, locale, summary }: Props) {
  const rtl = isLocale(locale) && directionOf(locale) === "rtl";
  const data = points.map((p) => ({ ...p, major: minorToMajor(p.minor) }));
  return (
    <div role="img" aria-label={summary} className="h-56 w-full">
      <BarChart
        responsive
        accessibilityLayer={false}
        data={data}
        style={{ width: "100%", height: "100%" }}
        margin={{ top: 8, right: 8, bottom: 0, left: 8 }}
      >
        <CartesianGrid vertical={false} stroke="var(--border)" />
        <XAxis dataKey="label" reversed={rtl} tickLine={false} axisLine={false} tick={{ fill: "var(--text-muted)", fontSize: 12 }} />
        <YAxis
          orientation={rtl ? "right" : "left"}
          width={64}
          tickLine={false}
          axisLine={false}
          tick={{ fill: "var(--text-muted)", fontSize: 12 }}
          tickFormatter={(value: number) => formatMoney(locale, value * 100, currency, { compact: true })}
        />
        <Tooltip
          cursor={{ fill: "var(--surface-muted)" }}
          contentStyle={{ background: "var(--surface)", border: "1px solid var(--border)", borderRadius: 8, color: "var(--text)" }}
          labelFormatter={(_, payload) => {
            const first = payload?.[0]?.payload as { fullLabel?: string } | undefined;
            return first?.fullLabel ?? "";
          }}
          formatter={(value) => [formatMoney(locale, Number(value) * 100, currency), null]}
        />
        <Bar dataKey="major" fill="#2f6fed" radius={[4, 4, 0, 0]} maxBarSize={36} />
      </BarChart>
    </div>
  );
}
