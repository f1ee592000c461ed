import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { RiskBand } from "@/lib/models/churn/bands";

const TONE = { low: "good", medium: "neutral", high: "warn", very_high: "bad" } as const;

export function RiskBandBadge({ band }: { band: RiskBand }) {
  const t = useTranslations("churn.bands");
  return <Badge tone={TONE[band]}>{t(band)}</Badge>;
}

/** Band colours for charts (CSS variables on the page, lighter in dark mode). */
export const BAND_COLOR_VARS =
  "[--band-low:#059669] [--band-medium:#64748b] [--band-high:#d97706] [--band-very_high:#dc2626] " +
  "dark:[--band-low:#34d399] dark:[--band-medium:#94a3b8] dark:[--band-high:#fbbf24] dark:[--band-very_high:#f87171]";

export const BAND_COLORS: Record<RiskBand, string> = {
  low: "var(--band-low)",
  medium: "var(--band-medium)",
  high: "var(--band-high)",
  very_high: "var(--band-very_high)",
};
