import { useFormatter, useTranslations } from "next-intl";
import { LineChart } from "@/components/charts/line-chart";
import type { CampaignResults } from "@/db/queries/campaign-results";

/** Treated, control and up to five offers, the same in every chart; lighter shades in dark mode (3:1 against the card). */
export const CAMPAIGN_COLOR_VARS =
  "[--cmp-treated:#2563eb] [--cmp-control:#64748b] [--cmp-v0:#2563eb] [--cmp-v1:#d97706] [--cmp-v2:#0d9488] [--cmp-v3:#9333ea] [--cmp-v4:#db2777] " +
  "dark:[--cmp-treated:#60a5fa] dark:[--cmp-control:#94a3b8] dark:[--cmp-v0:#60a5fa] dark:[--cmp-v1:#fbbf24] dark:[--cmp-v2:#2dd4bf] dark:[--cmp-v3:#c084fc] dark:[--cmp-v4:#f472b6]";

export const variantColor = (position: number) => `var(--cmp-v${position % 5})`;

/** Revenue per member per day since launch: the treated members beside the control group. */
export function RevenueChart({ daily, currency }: { daily: CampaignResults["daily"]; currency: string }) {
  const t = useTranslations("campaigns.results");
  const format = useFormatter();
  const day = (d: string, style: "short" | "medium") =>
    style === "short" ? format.dateTime(new Date(`${d}T00:00:00Z`), { day: "numeric", month: "short", timeZone: "UTC" }) : format.dateTime(new Date(`${d}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
  return (
    <LineChart
      testId="campaign-revenue-chart"
      title={t("revenueChart")}
      description={t("revenueChartDescription")}
      tableCaption={t("revenueChart")}
      categoryHeader={t("day")}
      series={[
        { key: "treated", label: t("treated"), color: "var(--cmp-treated)" },
        { key: "control", label: t("controlGroup"), color: "var(--cmp-control)", dashed: true },
      ]}
      rows={daily.map((p) => ({ key: p.day, label: day(p.day, "short"), fullLabel: day(p.day, "medium"), values: { treated: p.treatedRevenuePerMember, control: p.controlRevenuePerMember } }))}
      format={{ kind: "money", currency }}
    />
  );
}

/** Each offer's share of the next run's members at every update of the learning allocation. */
export function AllocationChart({ allocations, variants }: { allocations: CampaignResults["allocations"]; variants: readonly { id: string; position: number; name: string }[] }) {
  const t = useTranslations("campaigns.results");
  const format = useFormatter();
  const byTime = new Map<string, Record<string, number>>();
  for (const a of allocations) byTime.set(a.at, { ...byTime.get(a.at), [a.variantId]: a.share });
  const rows = [...byTime.entries()].map(([at, values]) => {
    const date = new Date(at);
    return { key: at, label: format.dateTime(date, { day: "numeric", month: "short" }), fullLabel: format.dateTime(date, { dateStyle: "medium", timeStyle: "short" }), values };
  });
  return (
    <LineChart
      testId="campaign-allocation-chart"
      title={t("allocationChart")}
      description={t("allocationChartDescription")}
      tableCaption={t("allocationChart")}
      categoryHeader={t("updated")}
      series={variants.map((v) => ({ key: v.id, label: v.name, color: variantColor(v.position) }))}
      rows={rows}
      format={{ kind: "percent" }}
      domain={[0, 1]}
    />
  );
}
