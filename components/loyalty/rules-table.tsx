import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { AdminTable } from "@/components/settings/admin-table";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import type { EarningRuleVersionView } from "@/db/queries/loyalty/rules";
import { RuleArchiveButton } from "./rule-archive-button";
import { ruleConditions, ruleEffect, type LoyaltyT, type RuleNames } from "./rule-summary";

/** The program's earning rules; admins get edit, archive and restore, everyone else reads. */
export function RulesTable({ rules, names, currency, timeZone, canManage }: { rules: readonly EarningRuleVersionView[]; names: RuleNames; currency: string; timeZone: string; canManage: boolean }) {
  const t = useTranslations("loyalty");
  const tr = useTranslations("loyalty.rules");
  const format = useFormatter();
  const date = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short", timeZone });
  const columns = (["rule", "effect", "conditions", "priority", "combine", "status", "dates"] as const).map((c) => tr(`columns.${c}`));
  return (
    <AdminTable caption={tr("caption")} columns={columns} actionsLabel={canManage ? tr("columns.actions") : undefined}>
      {rules.map((rule) => {
        const conditions = ruleConditions(rule, t as LoyaltyT, names, currency);
        return (
          <tr key={rule.ruleId} data-testid="rule-row" data-rule-id={rule.ruleId} className={rule.active ? undefined : "text-[var(--text-muted)]"}>
            <td className="px-3 py-3">
              <Link href={`/loyalty/rules/${rule.ruleId}`} className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
                {rule.name}
              </Link>
              <span className="block text-xs text-[var(--text-muted)]">
                {t(`kinds.${rule.kind}`)} · {tr("version", { version: rule.version })}
              </span>
            </td>
            <td className="px-3 py-3">{ruleEffect(rule, t as LoyaltyT, currency)}</td>
            <td className="px-3 py-3" data-testid="rule-conditions">
              {conditions.length === 0 ? tr("always") : conditions.join(" · ")}
            </td>
            <td className="tabular px-3 py-3">{rule.priority}</td>
            <td className="px-3 py-3">{t(`combine.${rule.combine}`)}</td>
            <td className="px-3 py-3">{rule.active ? <Badge tone="good">{tr("active")}</Badge> : <Badge>{tr("archived")}</Badge>}</td>
            <td className="tabular px-3 py-3 text-xs">
              {rule.startsAt ? <span className="block">{tr("from", { date: date(rule.startsAt) })}</span> : null}
              {rule.endsAt ? <span className="block">{tr("until", { date: date(rule.endsAt) })}</span> : null}
              {!rule.startsAt && !rule.endsAt ? tr("noDates") : null}
            </td>
            {canManage ? (
              <td className="whitespace-nowrap px-3 py-3 text-end">
                <span className="inline-flex items-start gap-2">
                  <Link href={`/loyalty/rules/${rule.ruleId}/edit`} className={buttonClass("secondary", "px-2.5 py-1 text-xs")} aria-label={tr("editNamed", { name: rule.name })}>
                    {tr("edit")}
                  </Link>
                  <RuleArchiveButton rule={rule} />
                </span>
              </td>
            ) : null}
          </tr>
        );
      })}
    </AdminTable>
  );
}
