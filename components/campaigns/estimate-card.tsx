import { useFormatter, useLocale, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import type { CampaignEstimate } from "@/lib/campaigns/estimate";
import { formatMoney } from "@/lib/i18n/format";

function Figure({ label, testId, value, children }: { label: string; testId: string; value: number; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-[var(--text-muted)]">{label}</dt>
      <dd className="tabular mt-0.5 text-2xl font-semibold" data-testid={testId} data-value={value}>
        {children}
      </dd>
    </div>
  );
}

/**
 * "Before launch": who a launch now would reach (counted by the launch's own audience query), how many are
 * held out, what the offers may cost, and whether an admin must approve. Null estimate: it could not be made.
 */
export function EstimateCard({ estimate, currency, hasBudget, awaitingApproval }: { estimate: CampaignEstimate | null; currency: string; hasBudget: boolean; awaitingApproval: boolean }) {
  const t = useTranslations("campaigns.estimate");
  const format = useFormatter();
  const locale = useLocale();
  const money = (minor: number) => formatMoney(locale, minor, currency);
  return (
    <Card aria-labelledby="estimate-title">
      <CardHeader title={<span id="estimate-title">{t("title")}</span>} description={t("description")} />
      {awaitingApproval ? (
        <p className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-900/40 dark:text-amber-100" data-testid="awaiting-approval">
          {t("awaitingApproval")}
        </p>
      ) : null}
      {estimate === null ? (
        <p className="text-sm text-[var(--text-muted)]">{t("unavailable")}</p>
      ) : (
        <>
          <dl className="grid gap-4 sm:grid-cols-2">
            <Figure label={t("eligible")} testId="estimate-eligible" value={estimate.eligible}>
              {format.number(estimate.eligible)}
            </Figure>
            <Figure label={t("treated")} testId="estimate-treated" value={estimate.treated}>
              {format.number(estimate.treated)}
            </Figure>
            <Figure label={t("control")} testId="estimate-control" value={estimate.control}>
              {format.number(estimate.control)}
            </Figure>
            <Figure label={t("cost")} testId="estimate-cost" value={estimate.expectedCostMinor}>
              {money(estimate.expectedCostMinor)}
            </Figure>
          </dl>
          <div className="mt-4 space-y-1 text-sm">
            <p data-testid="estimate-cost-max" data-value={estimate.maximumCostMinor}>
              {hasBudget ? t("maximumBudget", { amount: money(estimate.maximumCostMinor) }) : t("maximumDearest", { amount: money(estimate.maximumCostMinor), offer: money(estimate.dearestOfferMinor) })}
            </p>
            <p className="text-[var(--text-muted)]">
              {estimate.rateIsProgramHistory
                ? t("rateHistory", { rate: format.number(estimate.expectedRate, { style: "percent", maximumFractionDigits: 1 }), offer: money(estimate.meanOfferMinor) })
                : t("rateAssumed", { rate: format.number(estimate.expectedRate, { style: "percent", maximumFractionDigits: 1 }), offer: money(estimate.meanOfferMinor) })}
            </p>
            <p className="flex flex-wrap items-center gap-2" data-testid="estimate-approval" data-required={estimate.approvalRequired}>
              {estimate.approvalRequired ? <Badge tone="warn">{t("approvalNeeded")}</Badge> : <Badge tone="good">{t("noApproval")}</Badge>}
              <span className="text-[var(--text-muted)]">{t(estimate.approvalRequired ? "approvalAbove" : "approvalBelow", { threshold: money(estimate.approvalThresholdMinor) })}</span>
            </p>
          </div>
        </>
      )}
    </Card>
  );
}
