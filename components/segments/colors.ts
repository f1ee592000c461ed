/** The segment and all members, the same in every chart; lighter shades in dark mode, 3:1 against the card. */
export const SEGMENT_COLOR_VARS = "[--chart-segment:#2563eb] [--chart-all:#94a3b8] dark:[--chart-segment:#60a5fa] dark:[--chart-all:#64748b]";
export const SEGMENT_COLOR = "var(--chart-segment)";
export const ALL_MEMBERS_COLOR = "var(--chart-all)";
