import { formatMoney } from "@/lib/i18n/format";

/** How a chart prints its values: plain counts, or money given in integer minor units. */
export type ValueFormat = { kind: "number" } | { kind: "money"; currency: string };

export function formatValue(locale: string, value: number, format: ValueFormat, compact = false): string {
  if (format.kind === "money") return formatMoney(locale, value, format.currency, { compact });
  return new Intl.NumberFormat(locale, { notation: compact ? "compact" : "standard", maximumFractionDigits: compact ? 1 : 0 }).format(value);
}
