import { formatMoney } from "@/lib/i18n/format";

/** How a chart prints its values: plain counts, money given in integer minor units, shares (0-1) as percents, or decimals. */
export type ValueFormat = { kind: "number" } | { kind: "money"; currency: string } | { kind: "percent" } | { kind: "decimal"; digits: number };

export function formatValue(locale: string, value: number, format: ValueFormat, compact = false): string {
  if (format.kind === "money") return formatMoney(locale, value, format.currency, { compact });
  if (format.kind === "percent") return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: compact ? 0 : 1 }).format(value);
  if (format.kind === "decimal") return new Intl.NumberFormat(locale, { minimumFractionDigits: compact ? 0 : format.digits, maximumFractionDigits: format.digits }).format(value);
  return new Intl.NumberFormat(locale, { notation: compact ? "compact" : "standard", maximumFractionDigits: compact ? 1 : 0 }).format(value);
}
