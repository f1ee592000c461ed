import { useFormatter, useLocale, useTranslations } from "next-intl";
import { Card, CardHeader } from "@/components/ui/card";
import type { MemberOffers } from "@/db/queries/member-offers";
import type { Locale } from "@/lib/i18n/config";
import { formatMoney } from "@/lib/i18n/format";
import { offerReasonText } from "@/lib/personalization/reason-text";

/**
 * Member 360's next best offers: each offer with its expected value, the figures it comes from and its
 * reason in the reader's language; or why there is none (objection to profiling, the frequency cap).
 */
export function NextBestOffersCard({ view, capOffers, capDays }: { view: MemberOffers; capOffers: number; capDays: number }) {
  const t = useTranslations("personalization");
  const locale = useLocale() as Locale;
  const format = useFormatter();
  const money = (minor: number) => formatMoney(locale, minor, view.currency);
  const percent = (p: number) => format.number(p, { style: "percent", maximumFractionDigits: 0 });
  const categoryName = (id: string) => view.categoryNames[id] ?? id;
  const channels = view.channels.map((c) => t(`card.channel.${c}`)).join(", ");
  const status = !view.personalized ? t("card.objected") : view.capped ? t("card.capped", { offers: capOffers, days: capDays }) : view.offers.length === 0 ? t("card.empty") : null;
  return (
    <Card aria-labelledby="next-best-offers-title" data-testid="next-best-offers">
      <CardHeader title={<span id="next-best-offers-title">{t("card.title")}</span>} description={t("card.description")} />
      {status ? (
        <p className="text-sm text-[var(--text-muted)]">{status}</p>
      ) : (
        <ol className="divide-y divide-[var(--border)] text-sm">
          {view.offers.map((o) => (
            <li key={o.candidate.rewardId} className="py-2" data-testid="next-best-offer" data-reason={o.reason.code}>
              <div className="flex items-baseline justify-between gap-2">
                <span className="font-medium">{o.candidate.name}</span>
                <span className="tabular whitespace-nowrap">{t("card.expectedValue", { value: money(o.expectedValueMinor) })}</span>
              </div>
              <p className="mt-0.5" data-testid="next-best-offer-reason">
                {offerReasonText(t, o.reason, { locale, currency: view.currency, offer: o.candidate.name, categoryName })}
              </p>
              <p className="mt-0.5 text-xs text-[var(--text-muted)]">
                {t("card.figures", { propensity: percent(o.propensity), value: money(o.value.valueMinor), cost: money(o.candidate.costMinor) })}
              </p>
            </li>
          ))}
        </ol>
      )}
      {view.personalized ? (
        <p className="mt-3 text-xs text-[var(--text-muted)]">{view.channels.length ? t("card.channels", { list: channels }) : t("card.noChannels")}</p>
      ) : null}
    </Card>
  );
}
