import { useFormatter, useLocale, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import type { CampaignResults } from "@/db/queries/campaign-results";
import { formatMoney } from "@/lib/i18n/format";
import { PosteriorTable } from "./posterior-table";
import { AllocationChart, CAMPAIGN_COLOR_VARS, RevenueChart } from "./results-charts";
import { ResultsTable } from "./results-table";

type Variant = { id: string; position: number; name: string };

function Figure({ label, testId, value, children, note }: { label: string; testId: string; value: number | null; children: ReactNode; note?: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-[var(--text-muted)]">{label}</dt>
      <dd className="tabular mt-0.5 text-2xl font-semibold" data-testid={testId} data-value={value ?? ""}>
        {children}
      </dd>
      {note ? <dd className="text-xs text-[var(--text-muted)]">{note}</dd> : null}
    </div>
  );
}

/** A launched campaign's results: the key figures, the table per group, the charts and the learning state. */
export function ResultsSection({ campaignId, results, variants, winnerVariantId, currency }: { campaignId: string; results: CampaignResults; variants: readonly Variant[]; winnerVariantId: string | null; currency: string }) {
  const t = useTranslations("campaigns.results");
  const format = useFormatter();
  const locale = useLocale();
  const money = (minor: number) => formatMoney(locale, minor, currency);
  const percent = (x: number) => format.number(x, { style: "percent", maximumFractionDigits: 1 });
  const comparison = results.comparison;
  const winner = variants.find((v) => v.id === winnerVariantId);
  return (
    <div className={`space-y-6 ${CAMPAIGN_COLOR_VARS}`}>
      <Card aria-labelledby="results-title">
        <CardHeader
          title={<span id="results-title">{t("title")}</span>}
          description={t("description", { days: results.attributionDays, margin: percent(results.marginPercent / 100) })}
          actions={
            <a href={`/api/campaigns/${campaignId}/results`} download className={buttonClass("secondary", "shrink-0")}>
              {t("download")}
            </a>
          }
        />
        {results.measured === 0 ? (
          <p className="text-sm text-[var(--text-muted)]">{t("nothingYet")}</p>
        ) : (
          <div className="space-y-6">
            <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
              <Figure label={t("treated")} testId="results-treated-total" value={results.treated.n} note={t("controlNote", { count: format.number(results.control.n) })}>
                {format.number(results.treated.n)}
              </Figure>
              <Figure label={t("columns.redeemed")} testId="results-redeemed-total" value={results.treated.redeemed} note={results.treated.redemptionRate ? percent(results.treated.redemptionRate.rate) : undefined}>
                {format.number(results.treated.redeemed)}
              </Figure>
              <Figure
                label={t("columns.incremental")}
                testId="results-incremental"
                value={comparison ? comparison.incremental : null}
                note={comparison ? t("range", { low: money(comparison.incrementalLow), high: money(comparison.incrementalHigh) }) : t("tooFew")}
              >
                {comparison ? money(comparison.incremental) : "–"}
              </Figure>
              <Figure label={t("columns.roi")} testId="results-roi" value={results.roi} note={t("costNote", { cost: money(results.costMinor) })}>
                {results.roi === null ? "–" : percent(results.roi)}
              </Figure>
            </dl>
            <ResultsTable results={results} variants={variants} winnerVariantId={winnerVariantId} currency={currency} />
            <p className="text-xs text-[var(--text-muted)]">{t("method")}</p>
          </div>
        )}
      </Card>
      {results.measured > 0 ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <Card aria-labelledby="revenue-chart-title" className="min-w-0">
            <CardHeader title={<span id="revenue-chart-title">{t("revenueChart")}</span>} description={t("revenueChartDescription")} />
            {results.daily.length > 0 ? <RevenueChart daily={results.daily} currency={currency} /> : <p className="text-sm text-[var(--text-muted)]">{t("noPurchases")}</p>}
          </Card>
          {variants.length > 1 ? (
            <Card aria-labelledby="allocation-chart-title" className="min-w-0">
              <CardHeader title={<span id="allocation-chart-title">{t("allocationChart")}</span>} description={t("allocationChartDescription")} />
              {results.allocations.length > 0 ? <AllocationChart allocations={results.allocations} variants={variants} /> : <p className="text-sm text-[var(--text-muted)]">{t("noPosterior")}</p>}
            </Card>
          ) : null}
        </div>
      ) : null}
      {variants.length > 1 ? (
        <Card aria-labelledby="learning-title">
          <CardHeader
            title={
              <span id="learning-title" className="flex flex-wrap items-center gap-2">
                {t("learningTitle")}
                {winner ? (
                  <span data-testid="winner-badge">
                    <Badge tone="good">{t("winnerIs", { name: winner.name })}</Badge>
                  </span>
                ) : null}
              </span>
            }
            description={t("learningDescription")}
          />
          <PosteriorTable allocations={results.allocations} variants={variants} winnerVariantId={winnerVariantId} />
        </Card>
      ) : null}
    </div>
  );
}
