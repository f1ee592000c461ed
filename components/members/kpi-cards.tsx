import { useFormatter, useLocale, useTranslations } from "next-intl";
import type { Member360 } from "@/db/queries/members";
import { formatMoney } from "@/lib/i18n/format";

function Kpi({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-xl border border-[var(--border)] bg-[var(--surface)] p-4 shadow-sm">
      <dt className="text-xs font-medium uppercase tracking-wide text-[var(--text-muted)]">{label}</dt>
      <dd className="tabular mt-1 text-xl font-semibold tracking-tight">{value}</dd>
      {hint ? <dd className="mt-0.5 text-xs text-[var(--text-muted)]">{hint}</dd> : null}
    </div>
  );
}

export function KpiCards({ kpis }: { kpis: Member360["kpis"] }) {
  const t = useTranslations("members.detail.kpis");
  const format = useFormatter();
  const locale = useLocale();
  const money = (minor: number) => formatMoney(locale, minor, kpis.currency);
  const date = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: "medium" }) : t("none"));
  const others = kpis.otherCurrencies.map((m) => formatMoney(locale, m.minor, m.currency)).join(", ");
  return (
    <section aria-labelledby="kpis-title">
      <h2 id="kpis-title" className="sr-only">
        {t("title")}
      </h2>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 2xl:grid-cols-6">
        <Kpi label={t("purchases")} value={format.number(kpis.purchases)} />
        <Kpi label={t("spend")} value={money(kpis.spendMinor)} hint={others ? t("otherCurrencies", { amounts: others }) : t("spendHint")} />
        <Kpi label={t("averageBasket")} value={kpis.averageBasketMinor === null ? t("none") : money(kpis.averageBasketMinor)} />
        <Kpi
          label={t("lastPurchase")}
          value={date(kpis.lastPurchaseAt)}
          hint={kpis.daysSinceLastPurchase === null ? undefined : t("daysAgo", { days: kpis.daysSinceLastPurchase })}
        />
        <Kpi label={t("firstPurchase")} value={date(kpis.firstPurchaseAt)} />
        <Kpi label={t("returns")} value={format.number(kpis.returns)} hint={kpis.returns > 0 ? t("returnsHint", { amount: money(-kpis.returnsMinor) }) : undefined} />
      </dl>
    </section>
  );
}
