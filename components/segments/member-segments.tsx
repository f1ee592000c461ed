import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { ConditionLabels, MemberSegment } from "@/db/queries/segments-of-member";
import { formatMoney } from "@/lib/i18n/format";
import { describeCondition, type DescribeTools } from "@/lib/segments/describe";
import { Badge } from "@/components/ui/badge";

/**
 * The segment of one on the member 360 page: each saved segment the member is in, with its conditions
 * ticked or crossed. A condition under a "not" is shown as "Not: ..." and ticked when it fails, since
 * that is what puts the member in.
 */
export async function MemberSegments({ segments, labels, currency }: { segments: MemberSegment[]; labels: ConditionLabels; currency: string }) {
  const [t, format, locale] = await Promise.all([getTranslations("segments"), getFormatter(), getLocale()]);
  if (segments.length === 0) return <p className="text-sm text-[var(--text-muted)]">{t("card.empty")}</p>;
  const tools: DescribeTools = {
    t: (key, values) => t(key as never, values as never),
    number: (n) => format.number(n, { maximumFractionDigits: 2 }),
    percent: (share) => format.number(share, { style: "percent", maximumFractionDigits: 1 }),
    money: (minor) => formatMoney(locale, minor, currency),
    day: (iso) => format.dateTime(new Date(`${iso}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" }),
    storeName: (id) => labels.stores[id] ?? id,
    categoryName: (code) => labels.categories[code] ?? code,
    segmentName: (id) => labels.segments[id] ?? t("unknownSegment"),
  };
  return (
    <ul className="space-y-4 text-sm" data-testid="member-segments">
      {segments.map((segment) => (
        <li key={segment.id} data-segment-id={segment.id}>
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium">{segment.name}</span>
            {segment.kind !== "rule" ? <Badge>{t(`card.kinds.${segment.kind}`)}</Badge> : null}
          </div>
          {segment.conditions.length === 0 ? (
            <p className="mt-1 text-[var(--text-muted)]">{t("card.list", { kind: t(`card.kinds.${segment.kind}`) })}</p>
          ) : (
            <ul className="mt-1 space-y-1" aria-label={t("card.conditionsOf", { name: segment.name })}>
              {segment.conditions.map((c) => {
                const counts = c.holds !== c.negated;
                const text = describeCondition(c.condition, tools);
                return (
                  <li key={c.path} className="flex items-start gap-2" style={{ paddingInlineStart: `${Math.max(0, c.depth - 1) * 0.75}rem` }}>
                    <span
                      role="img"
                      aria-label={counts ? t("card.holds") : t("card.fails")}
                      className={counts ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}
                    >
                      {counts ? "✓" : "✗"}
                    </span>
                    <span>{c.negated ? t("card.negated", { condition: text }) : text}</span>
                  </li>
                );
              })}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
