/** Money is integer minor units; every currency the program books has two decimals (see db enum). */
export function minorToMajor(minor: number): number {
  return minor / 100;
}

export function formatMoney(locale: string, minor: number, currency: string, options?: { compact?: boolean }): string {
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    notation: options?.compact ? "compact" : "standard",
    maximumFractionDigits: options?.compact ? 1 : 2,
  }).format(minorToMajor(minor));
}
