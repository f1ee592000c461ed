import { useLocale } from "next-intl";
import { directionOf, isLocale } from "@/lib/i18n/config";
import { formatValue, type ValueFormat } from "./format";

/** A chart's locale, whether it reads right to left (axes mirror), and how it prints a value. */
export function useChartFormat(format: ValueFormat): { rtl: boolean; show: (value: number, compact?: boolean) => string } {
  const requested = useLocale();
  const locale = isLocale(requested) ? requested : "en";
  return { rtl: directionOf(locale) === "rtl", show: (value, compact = false) => formatValue(locale, value, format, compact) };
}
