import { useFormatter, useTranslations } from "next-intl";
import type { LedgerEntryView } from "@/db/queries/loyalty/points";
import type { LineRuleShare } from "@/lib/loyalty/rule-types";

export interface ShareNames {
  rules: ReadonlyMap<string, string>;
  tiers: ReadonlyMap<string, string>;
}

/** The member's latest ledger entries, each with the rules (and tier or boost) that made its points. */
export function PointsLedger({ entries, names, timeZone }: { entries: readonly LedgerEntryView[]; names: ShareNames; timeZone: string }) {
  const t = useTranslations("loyalty.points");
  const format = useFormatter();
  if (entries.length === 0) return <p className="text-sm text-[var(--text-muted)]">{t("noEntries")}</p>;
  const shareText = (s: LineRuleShare) => {
    if (s.kind === "tier") return t("shareTier", { tier: (s.tierId && names.tiers.get(s.tierId)) || "?", points: s.points });
    if (s.kind === "boost") return t("shareBoost", { points: s.points });
    return t("shareRule", { rule: (s.ruleId && names.rules.get(s.ruleId)) || "?", version: s.version ?? 1, points: s.points });
  };
  return (
    <ol className="divide-y divide-[var(--border)] text-sm">
      {entries.map((e) => {
        const shares = Array.isArray(e.rules) ? (e.rules as LineRuleShare[]) : [];
        return (
          <li key={e.id} data-testid="ledger-entry" data-kind={e.kind} data-points={e.points} className="py-2">
            <p className="flex flex-wrap justify-between gap-2">
              <span className="font-medium">
                {t(`entryKinds.${e.kind}`)}
                {e.lineNo !== null ? <span className="font-normal text-[var(--text-muted)]"> · {t("line", { line: e.lineNo })}</span> : null}
              </span>
              <span className={e.points < 0 ? "tabular text-red-700 dark:text-red-400" : "tabular text-emerald-800 dark:text-emerald-300"} dir="ltr">
                {e.points > 0 ? `+${e.points}` : e.points}
              </span>
            </p>
            <p className="text-xs text-[var(--text-muted)]">{format.dateTime(e.createdAt, { dateStyle: "medium", timeStyle: "short", timeZone })}</p>
            {shares.length > 0 ? <p className="text-xs">{shares.map(shareText).join(" · ")}</p> : null}
            {e.reason ? <p className="text-xs">{t("reason", { reason: e.reason })}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}
