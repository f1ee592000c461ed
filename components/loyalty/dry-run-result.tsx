"use client";

import { useFormatter, useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import type { Explanation, LineEarning } from "@/lib/loyalty/earning-types";
import { minorToDecimal } from "@/lib/loyalty/money";
import { explanationText } from "./dry-run-text";
import type { LoyaltyT } from "./rule-summary";

/** What the preview route answers (lib/loyalty/dry-run.ts DryRunResult, serialised). */
export interface PreviewResult {
  memberId: string | null;
  tierId: string | null;
  currency: string;
  points: number;
  lines: LineEarning[];
  bonuses: { points: number; explanations: Explanation[] };
  occurredAt: string;
  timeZone: string;
}

function Explanations({ items, currency }: { items: readonly Explanation[]; currency: string }) {
  const t = useTranslations("loyalty");
  const tp = useTranslations("loyalty.preview");
  return (
    <ul className="mt-1 space-y-1">
      {items.map((e, i) => (
        <li key={`${e.kind}-${e.ruleId ?? e.tierId ?? e.redemptionId ?? "none"}-${i}`} data-testid="preview-explanation" data-applied={e.applied} className="flex gap-2 text-sm">
          <span aria-hidden="true" className={cn("w-4 shrink-0 text-center", e.applied ? "text-emerald-700 dark:text-emerald-300" : "text-[var(--text-muted)]")}>
            {e.applied ? "✓" : "–"}
          </span>
          <span className="sr-only">{e.applied ? tp("applied") : tp("notAppliedShort")}</span>
          <span className={e.applied ? undefined : "text-[var(--text-muted)]"}>{explanationText(e, t as LoyaltyT, currency)}</span>
        </li>
      ))}
    </ul>
  );
}

/** The preview's answer: the total, then each line and the basket bonuses with every rule explained. */
export function DryRunResult({
  result,
  lines,
  categories,
}: {
  result: PreviewResult;
  lines: readonly { sku: string; category: string }[];
  categories: readonly { code: string; name: string }[];
}) {
  const t = useTranslations("loyalty.preview");
  const format = useFormatter();
  const when = format.dateTime(new Date(result.occurredAt), { dateStyle: "full", timeStyle: "short", timeZone: result.timeZone });
  return (
    <div className="space-y-4" role="status" aria-live="polite">
      <p className="text-base">
        {t.rich("total", {
          points: result.points,
          strong: (chunks) => (
            <strong data-testid="preview-total" data-points={result.points} data-occurred-at={result.occurredAt} className="tabular text-2xl">
              {chunks}
            </strong>
          ),
        })}
      </p>
      <p className="text-sm text-[var(--text-muted)]">
        {t("context", { when })} {result.memberId ? t("forMember") : t("forNobody")}
      </p>
      <ol className="space-y-3">
        {result.lines.map((line, i) => (
          <li key={line.lineNo} data-testid="preview-line" data-points={line.points} className="rounded-lg border border-[var(--border)] p-3">
            <p className="flex flex-wrap justify-between gap-2 text-sm font-medium">
              <span>
                {t("lineTitle", { line: line.lineNo, sku: lines[i]?.sku ?? "", category: categories.find((c) => c.code === lines[i]?.category)?.name ?? lines[i]?.category ?? "", amount: `${minorToDecimal(line.amountMinor, result.currency)} ${result.currency}` })}
              </span>
              <span className="tabular">{t("points", { points: line.points })}</span>
            </p>
            <Explanations items={line.explanations} currency={result.currency} />
          </li>
        ))}
        {result.bonuses.explanations.length > 0 ? (
          <li data-testid="preview-bonuses" className="rounded-lg border border-[var(--border)] p-3">
            <p className="flex justify-between gap-2 text-sm font-medium">
              <span>{t("bonuses")}</span>
              <span className="tabular">{t("points", { points: result.bonuses.points })}</span>
            </p>
            <Explanations items={result.bonuses.explanations} currency={result.currency} />
          </li>
        ) : null}
      </ol>
    </div>
  );
}
