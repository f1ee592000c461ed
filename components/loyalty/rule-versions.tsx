import { useFormatter, useTranslations } from "next-intl";
import { AdminTable } from "@/components/settings/admin-table";
import { Badge } from "@/components/ui/badge";
import type { EarningRuleVersionView } from "@/db/queries/loyalty/rules";
import { changedRuleFields, ruleToForm } from "@/lib/loyalty/rule-form";
import { ruleConditions, ruleEffect, type LoyaltyT, type RuleNames } from "./rule-summary";

/** A rule's versions, newest first: when, by whom, what changed and what the version said. */
export function RuleVersions({
  versions,
  names,
  staff,
  program,
}: {
  versions: readonly EarningRuleVersionView[];
  names: RuleNames;
  staff: ReadonlyMap<string, string>;
  program: { currency: string; timeZone: string };
}) {
  const t = useTranslations("loyalty");
  const th = useTranslations("loyalty.history");
  const format = useFormatter();
  const columns = (["version", "saved", "changes", "definition"] as const).map((c) => th(`columns.${c}`));
  return (
    <AdminTable caption={th("caption")} columns={columns}>
      {versions.map((v, i) => {
        const previous = versions[i + 1];
        const changed = previous ? changedRuleFields(ruleToForm(previous, program), ruleToForm(v, program)) : [];
        const conditions = ruleConditions(v, t as LoyaltyT, names, program.currency);
        const who = v.actorKind === "staff" && v.actorId ? (staff.get(v.actorId) ?? th("someone")) : th(`actor.${v.actorKind}`);
        return (
          <tr key={v.version} data-testid="rule-version" data-version={v.version}>
            <td className="tabular px-3 py-3 font-medium">
              {th("versionNumber", { version: v.version })}
              {v.version === v.currentVersion ? (
                <span className="ms-2">
                  <Badge tone="brand">{th("current")}</Badge>
                </span>
              ) : null}
            </td>
            <td className="px-3 py-3">
              <span className="tabular block">{format.dateTime(v.createdAt, { dateStyle: "medium", timeStyle: "short", timeZone: program.timeZone })}</span>
              <span className="block text-xs text-[var(--text-muted)]">{who}</span>
            </td>
            <td className="px-3 py-3">{previous ? (changed.length > 0 ? changed.map((f) => t(`ruleForm.fieldNames.${f}`)).join(", ") : th("noChange")) : th("created")}</td>
            <td className="px-3 py-3">
              <span className="block font-medium">{v.name}</span>
              <span className="block">{ruleEffect(v, t as LoyaltyT, program.currency)}</span>
              <span className="block text-xs text-[var(--text-muted)]">{conditions.length === 0 ? t("rules.always") : conditions.join(" · ")}</span>
              {v.active ? null : <Badge>{t("rules.archived")}</Badge>}
            </td>
          </tr>
        );
      })}
    </AdminTable>
  );
}
