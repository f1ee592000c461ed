"use client";

import { useFormatter, useLocale, useTranslations } from "next-intl";
import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import { formatMoney } from "@/lib/i18n/format";
import { PROFILE_FEATURES, RECENCY_BUCKETS, type ProfileFeature, type SegmentProfile, type SegmentSize } from "@/lib/segments/profile";
import { ALL_MEMBERS_COLOR, SEGMENT_COLOR, SEGMENT_COLOR_VARS } from "./colors";

const MONEY = new Set<ProfileFeature>(["net_spend", "avg_basket", "spend_90d"]);
const SHARES = new Set<ProfileFeature>(["share_online", "share_app", "weekend_share"]);

/** Count, share of members and share of revenue: the figures the builder's live panel and the segment page lead with. */
export function SizeFigures({ size, currency }: { size: SegmentSize; currency: string }) {
  const t = useTranslations("segments.size");
  const format = useFormatter();
  const locale = useLocale();
  const percent = (share: number | null) => (share === null ? "–" : format.number(share, { style: "percent", maximumFractionDigits: 1 }));
  return (
    <dl className="grid grid-cols-3 gap-3">
      <div>
        <dt className="text-xs text-[var(--text-muted)]">{t("members")}</dt>
        <dd className="tabular text-2xl font-semibold" data-testid="segment-count" data-count={size.count}>
          {format.number(size.count)}
        </dd>
        <dd className="text-xs text-[var(--text-muted)]">{t("ofTotal", { total: format.number(size.total) })}</dd>
      </div>
      <div>
        <dt className="text-xs text-[var(--text-muted)]">{t("shareOfMembers")}</dt>
        <dd className="tabular text-2xl font-semibold">{percent(size.shareOfMembers)}</dd>
      </div>
      <div>
        <dt className="text-xs text-[var(--text-muted)]">{t("shareOfRevenue")}</dt>
        <dd className="tabular text-2xl font-semibold">{percent(size.shareOfRevenue)}</dd>
        <dd className="text-xs text-[var(--text-muted)]">{t("revenue", { amount: formatMoney(locale, size.revenueMinor, currency) })}</dd>
      </div>
    </dl>
  );
}

/** The segment against all members: when they last bought (chart) and the means of key figures (table). */
export function SegmentProfileView({ profile, currency, compact = false }: { profile: SegmentProfile; currency: string; compact?: boolean }) {
  const t = useTranslations("segments");
  const format = useFormatter();
  const locale = useLocale();
  const show = (feature: ProfileFeature, value: number | null) => {
    if (value === null) return "–";
    if (MONEY.has(feature)) return formatMoney(locale, value, currency);
    if (SHARES.has(feature)) return format.number(value, { style: "percent", maximumFractionDigits: 1 });
    return format.number(value, { maximumFractionDigits: 1 });
  };
  const share = (n: number, total: number) => (total > 0 ? n / total : 0);
  const series = [
    { key: "segment", label: t("profile.segment"), color: SEGMENT_COLOR },
    { key: "all", label: t("profile.all"), color: ALL_MEMBERS_COLOR },
  ];
  const rows = RECENCY_BUCKETS.map((bucket) => ({
    key: bucket,
    label: t(`profile.recency.${bucket}`),
    fullLabel: t(`profile.recency.${bucket}`),
    values: { segment: share(profile.recency[bucket].segment, profile.count), all: share(profile.recency[bucket].all, profile.total) },
  }));
  return (
    <div className={`space-y-4 ${SEGMENT_COLOR_VARS}`}>
      <div>
        <h3 className="mb-1 text-sm font-medium">{t("profile.recencyTitle")}</h3>
        <StackedBarChart
          title={t("profile.recencyTitle")}
          description={t("profile.recencyDescription")}
          categoryHeader={t("profile.recencyHeader")}
          tableCaption={t("profile.recencyTitle")}
          series={series}
          rows={rows}
          format={{ kind: "percent" }}
          height={compact ? 160 : 220}
          grouped
        />
        <ul className="mt-1 flex gap-4 text-xs text-[var(--text-muted)]" aria-hidden="true">
          {series.map((s) => (
            <li key={s.key} className="flex items-center gap-1.5">
              <span className="inline-block size-2.5 rounded-sm" style={{ background: s.color }} />
              {s.label}
            </li>
          ))}
        </ul>
      </div>
      <table className="w-full text-sm">
        <caption className="mb-1 text-start text-sm font-medium">{t("profile.meansTitle")}</caption>
        <thead className="text-xs text-[var(--text-muted)]">
          <tr>
            <th scope="col" className="py-1 text-start font-medium">{t("profile.figure")}</th>
            <th scope="col" className="py-1 text-end font-medium">{t("profile.segment")}</th>
            <th scope="col" className="py-1 text-end font-medium">{t("profile.all")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-[var(--border)]">
          {PROFILE_FEATURES.map((feature) => (
            <tr key={feature}>
              <th scope="row" className="py-1.5 text-start font-normal">{t(`fields.${feature}`)}</th>
              <td className="tabular py-1.5 text-end font-medium">{show(feature, profile.means[feature].segment)}</td>
              <td className="tabular py-1.5 text-end text-[var(--text-muted)]">{show(feature, profile.means[feature].all)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
