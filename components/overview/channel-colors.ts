import type { SalesChannel } from "@/db/schema/enums";

/**
 * One colour per sales channel, the same in every chart and legend. Set as CSS variables on the page so
 * that dark mode gets lighter shades; each keeps at least 3:1 contrast with the card behind it.
 */
export const CHANNEL_COLOR_VARS =
  "[--chart-pos:#2563eb] [--chart-online:#0d9488] [--chart-app:#9333ea] " +
  "dark:[--chart-pos:#60a5fa] dark:[--chart-online:#2dd4bf] dark:[--chart-app:#c084fc]";

export const CHANNEL_COLORS: Record<SalesChannel, string> = {
  pos: "var(--chart-pos)",
  online: "var(--chart-online)",
  app: "var(--chart-app)",
};

/** Single-series charts (new members) use the brand colour. */
export const SINGLE_SERIES_COLOR = "var(--chart-pos)";
