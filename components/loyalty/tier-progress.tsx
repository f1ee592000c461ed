import { useLocale, useTranslations } from "next-intl";
import { formatMoney } from "@/lib/i18n/format";
import type { MemberLoyalty } from "@/lib/loyalty/member-loyalty";

/** The member's tier and a bar of their qualifying points (or spend) towards the next tier. */
export function TierProgress({ tier }: { tier: MemberLoyalty["tier"] }) {
  const t = useTranslations("loyalty.points");
  const locale = useLocale();
  const amount = (value: number) => (tier.basis === "points" ? t("pointsCount", { points: value }) : formatMoney(locale, value, tier.currency));
  const target = tier.next?.threshold ?? null;
  const share = target && target > 0 ? Math.min(1, tier.amount / target) : 1;
  return (
    <div className="space-y-2" data-testid="tier-progress">
      <p className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span>
          {t.rich("tier", {
            tier: tier.current?.name ?? t("noTier"),
            strong: (chunks) => <strong className="font-semibold">{chunks}</strong>,
          })}
        </span>
        <span className="text-xs text-[var(--text-muted)]">{t("qualifying", { amount: amount(tier.amount), months: tier.windowMonths })}</span>
      </p>
      {tier.next ? (
        <>
          <div
            role="progressbar"
            aria-label={t("progressLabel", { tier: tier.next.name })}
            aria-valuemin={0}
            aria-valuemax={tier.next.threshold}
            aria-valuenow={Math.min(tier.amount, tier.next.threshold)}
            aria-valuetext={t("toGo", { amount: amount(tier.toGo ?? 0), tier: tier.next.name })}
            className="h-2.5 w-full overflow-hidden rounded-full bg-[var(--surface-muted)]"
          >
            <div className="h-full rounded-full bg-brand-600" style={{ width: `${Math.round(share * 100)}%` }} />
          </div>
          <p className="text-xs text-[var(--text-muted)]">{t("toGo", { amount: amount(tier.toGo ?? 0), tier: tier.next.name })}</p>
        </>
      ) : (
        <p className="text-xs text-[var(--text-muted)]">{tier.current ? t("topTier") : t("noTiers")}</p>
      )}
    </div>
  );
}
