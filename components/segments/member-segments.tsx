import { getTranslations } from "next-intl/server";
import type { ConditionLabels, MemberSegment } from "@/db/queries/segments-of-member";
import { describeCondition } from "@/lib/segments/describe";
import { Badge } from "@/components/ui/badge";
import { serverDescribeTools } from "./describe-tools";

/**
 * The segment of one on the member 360 page: each saved segment the member is in, with its conditions
 * ticked or crossed. A condition under a "not" is shown as "Not: ..." and ticked when it fails, since
 * that is what puts the member in.
 */
export async function MemberSegments({ segments, labels, currency }: { segments: MemberSegment[]; labels: ConditionLabels; currency: string }) {
  const [t, tools] = await Promise.all([getTranslations("segments"), serverDescribeTools(labels, currency)]);
  if (segments.length === 0) return <p className="text-sm text-[var(--text-muted)]">{t("card.empty")}</p>;
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
