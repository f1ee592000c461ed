import { useFormatter, useLocale, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { TableHead } from "@/components/ui/table-head";
import type { CampaignResults, GroupResult } from "@/db/queries/campaign-results";
import type { GroupComparison } from "@/lib/campaigns/lift";
import { formatMoney } from "@/lib/i18n/format";

interface Row {
  key: string;
  testId: string;
  label: ReactNode;
  group: GroupResult;
  comparison: GroupComparison | null;
  roi: number | null;
  emphasis?: boolean;
}

const cell = "tabular whitespace-nowrap px-3 py-2 text-end align-top";

/**
 * Per offer, all offers together and the control group: members, delivered, redeemed, the redemption rate
 * (Wilson 95 % interval), revenue per member, and against the control group the incremental revenue and
 * lift (Welch 95 % interval), ROI and cost.
 */
export function ResultsTable({ results, variants, winnerVariantId, currency }: { results: CampaignResults; variants: readonly { id: string; position: number; name: string }[]; winnerVariantId: string | null; currency: string }) {
  const t = useTranslations("campaigns.results");
  const format = useFormatter();
  const locale = useLocale();
  const money = (minor: number) => formatMoney(locale, minor, currency);
  const percent = (x: number) => format.number(x, { style: "percent", maximumFractionDigits: 1 });
  const dash = <span className="text-[var(--text-muted)]">–</span>;
  const withRange = (value: string, low: string, high: string) => (
    <>
      <span className="block">{value}</span>
      <span className="block text-xs text-[var(--text-muted)]">{t("range", { low, high })}</span>
    </>
  );

  const byId = new Map(results.variants.map((v) => [v.variantId, v]));
  const rows: Row[] = variants.flatMap((variant) => {
    const result = byId.get(variant.id);
    if (!result) return [];
    return [
      {
        key: variant.id,
        testId: `results-variant-${variant.position}`,
        label: (
          <span className="flex flex-wrap items-center gap-2">
            {variant.name}
            {winnerVariantId === variant.id ? <Badge tone="good">{t("winner")}</Badge> : null}
          </span>
        ),
        group: result,
        comparison: result.comparison,
        roi: result.roi,
      },
    ];
  });
  if (variants.length > 1) rows.push({ key: "treated", testId: "results-treated", label: t("allOffers"), group: results.treated, comparison: results.comparison, roi: results.roi, emphasis: true });
  rows.push({ key: "control", testId: "results-control", label: t("controlGroup"), group: results.control, comparison: null, roi: null, emphasis: true });

  const columns = [
    { key: "group", label: t("columns.group") },
    { key: "members", label: t("columns.members"), numeric: true },
    { key: "delivered", label: t("columns.delivered"), numeric: true },
    { key: "redeemed", label: t("columns.redeemed"), numeric: true },
    { key: "rate", label: t("columns.rate"), numeric: true },
    { key: "revenue", label: t("columns.revenue"), numeric: true },
    { key: "incremental", label: t("columns.incremental"), numeric: true },
    { key: "lift", label: t("columns.lift"), numeric: true },
    { key: "roi", label: t("columns.roi"), numeric: true },
    { key: "cost", label: t("columns.cost"), numeric: true },
  ];

  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">{t("caption")}</caption>
        <TableHead columns={columns} />
        <tbody className="divide-y divide-[var(--border)]">
          {rows.map(({ key, testId, label, group, comparison, roi, emphasis }) => (
            <tr key={key} data-testid={testId} className={emphasis ? "bg-[var(--surface-muted)]" : undefined}>
              <th scope="row" className="px-3 py-2 text-start align-top font-medium">
                {label}
              </th>
              <td className={cell}>{format.number(group.n)}</td>
              <td className={cell}>{key === "control" ? dash : format.number(group.delivered)}</td>
              <td className={cell} data-value={group.redeemed}>
                {key === "control" ? dash : format.number(group.redeemed)}
              </td>
              <td className={cell}>{group.redemptionRate ? withRange(percent(group.redemptionRate.rate), percent(group.redemptionRate.low), percent(group.redemptionRate.high)) : dash}</td>
              <td className={cell}>{group.n > 0 ? money(group.revenuePerMember) : dash}</td>
              <td className={cell}>{comparison ? withRange(money(comparison.incremental), money(comparison.incrementalLow), money(comparison.incrementalHigh)) : dash}</td>
              <td className={cell}>
                {comparison && comparison.lift !== null && comparison.liftLow !== null && comparison.liftHigh !== null
                  ? withRange(percent(comparison.lift), percent(comparison.liftLow), percent(comparison.liftHigh))
                  : dash}
              </td>
              <td className={cell}>{roi === null ? dash : percent(roi)}</td>
              <td className={cell}>{key === "control" ? dash : money(group.costMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
