import type { getFormatter, getTranslations } from "next-intl/server";
import type { Kpi } from "@/db/queries/overview";
import type { KpiCardFigures, KpiChange } from "./kpi-card";

export type Formatter = Awaited<ReturnType<typeof getFormatter>>;
export type OverviewT = Awaited<ReturnType<typeof getTranslations<"overview">>>;

/** A program-local calendar day (YYYY-MM-DD) as a Date at UTC midnight, to be formatted in UTC. */
export function dayAsDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

export function formatDay(format: Formatter, day: string, style: "short" | "medium" | "long" = "medium"): string {
  const date = dayAsDate(day);
  if (style === "short") return format.dateTime(date, { day: "numeric", month: "short", timeZone: "UTC" });
  return format.dateTime(date, { dateStyle: style, timeZone: "UTC" });
}

export function formatMonth(format: Formatter, month: string, style: "short" | "long"): string {
  return format.dateTime(dayAsDate(`${month}-01`), { month: style, year: "numeric", timeZone: "UTC" });
}

/**
 * The change badge of a KPI: relative change in per cent for counts and money, difference in percentage
 * points for a rate (see docs/metrics.md).
 */
export function describeChange(kpi: Kpi, kind: "relative" | "points", format: Formatter, t: OverviewT): KpiChange | null {
  if (kpi.change === null) return null;
  const direction = kpi.change > 0 ? "up" : kpi.change < 0 ? "down" : "flat";
  const magnitude =
    kind === "relative"
      ? format.number(Math.abs(kpi.change), { style: "percent", maximumFractionDigits: 1 })
      : t("delta.points", { value: format.number(Math.abs(kpi.change) * 100, { maximumFractionDigits: 1 }) });
  const sign = direction === "up" ? "+" : direction === "down" ? "−" : "";
  return {
    direction,
    text: `${sign}${magnitude}`,
    description: direction === "flat" ? t("delta.flat") : t(direction === "up" ? "delta.up" : "delta.down", { value: magnitude }),
  };
}

/** The figures of a KPI card: the value, its change and the previous value, formatted with `show`. */
export function kpiFigures(kpi: Kpi, show: (value: number | null) => string, kind: "relative" | "points", format: Formatter, t: OverviewT): KpiCardFigures {
  return {
    value: kpi.value,
    display: show(kpi.value),
    change: describeChange(kpi, kind, format, t),
    noChange: t("delta.none"),
    previous: t("delta.previous", { value: show(kpi.previous) }),
  };
}
