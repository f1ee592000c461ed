import { useFormatter, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { TableHead } from "@/components/ui/table-head";
import type { CampaignResults } from "@/db/queries/campaign-results";

const cell = "tabular whitespace-nowrap px-3 py-2 text-end";

/**
 * The learning state at its latest update: each offer's Beta(α, β) posterior of its redemption rate, the
 * posterior mean α / (α + β), its probability of being the best offer and its share of the next run.
 */
export function PosteriorTable({ allocations, variants, winnerVariantId }: { allocations: CampaignResults["allocations"]; variants: readonly { id: string; position: number; name: string }[]; winnerVariantId: string | null }) {
  const t = useTranslations("campaigns.results");
  const format = useFormatter();
  const latestAt = allocations.reduce<string | null>((latest, a) => (latest === null || a.at > latest ? a.at : latest), null);
  const latest = new Map(allocations.filter((a) => a.at === latestAt).map((a) => [a.variantId, a]));
  if (latest.size === 0) return <p className="text-sm text-[var(--text-muted)]">{variants.length > 1 ? t("noPosterior") : t("oneOffer")}</p>;
  const percent = (x: number) => format.number(x, { style: "percent", maximumFractionDigits: 1 });
  const decimal = (x: number) => format.number(x, { maximumFractionDigits: 2 });
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm" data-testid="posterior-table">
        <caption className="sr-only">{t("posteriorCaption")}</caption>
        <TableHead
          columns={[
            { key: "offer", label: t("columns.offer") },
            { key: "alpha", label: t("columns.alpha"), numeric: true },
            { key: "beta", label: t("columns.beta"), numeric: true },
            { key: "mean", label: t("columns.mean"), numeric: true },
            { key: "best", label: t("columns.probabilityBest"), numeric: true },
            { key: "share", label: t("columns.share"), numeric: true },
          ]}
        />
        <tbody className="divide-y divide-[var(--border)]">
          {variants.map((v) => {
            const a = latest.get(v.id);
            if (!a) return null;
            return (
              <tr key={v.id} data-testid={`posterior-variant-${v.position}`}>
                <th scope="row" className="px-3 py-2 text-start font-medium">
                  <span className="flex flex-wrap items-center gap-2">
                    {v.name}
                    {winnerVariantId === v.id ? <Badge tone="good">{t("winner")}</Badge> : null}
                  </span>
                </th>
                <td className={cell}>{decimal(a.alpha)}</td>
                <td className={cell}>{decimal(a.beta)}</td>
                <td className={cell}>{percent(a.alpha / (a.alpha + a.beta))}</td>
                <td className={cell} data-value={a.probabilityBest}>
                  {percent(a.probabilityBest)}
                </td>
                <td className={cell}>{percent(a.share)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {latestAt ? <p className="mt-2 text-xs text-[var(--text-muted)]">{t("posteriorAsOf", { at: format.dateTime(new Date(latestAt), { dateStyle: "medium", timeStyle: "short" }) })}</p> : null}
    </div>
  );
}
