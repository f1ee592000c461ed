import { useFormatter, useTranslations } from "next-intl";
import { TableHead } from "@/components/ui/table-head";
import type { InterventionRule } from "@/lib/models/churn/interventions";
import type { PolicyPreviewData } from "./use-policy-preview";

/** A policy's rules, read only (for roles that may not edit it, and older versions), with the preview's counts when given. */
export function PolicyRulesTable({ rules, preview }: { rules: readonly InterventionRule[]; preview: PolicyPreviewData | null }) {
  const t = useTranslations("churn");
  const format = useFormatter();
  const threshold = (x: number | undefined) => (x ? format.number(x, { maximumFractionDigits: 2 }) : t("policy.any"));
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm" data-testid="policy-rules">
        <TableHead
          columns={[
            { key: "rule", label: t("policy.columns.rule") },
            { key: "reasons", label: t("policy.columns.reasons") },
            { key: "minRisk", label: t("policy.columns.minRisk"), numeric: true },
            { key: "minValueRank", label: t("policy.columns.minValueRank"), numeric: true },
            { key: "intervention", label: t("policy.columns.intervention") },
            ...(preview ? [{ key: "catches", label: t("policy.columns.catches"), numeric: true }] : []),
          ]}
        />
        <tbody className="divide-y divide-[var(--border)]">
          {rules.map((rule, i) => (
            <tr key={i}>
              <th scope="row" className="tabular px-3 py-2 text-start font-normal">
                {format.number(i + 1)}
              </th>
              <td className="px-3 py-2">{rule.reasons ? rule.reasons.map((r) => t(`policy.reasonNames.${r}`)).join(", ") : t("policy.any")}</td>
              <td className="tabular px-3 py-2 text-end">{threshold(rule.minRisk)}</td>
              <td className="tabular px-3 py-2 text-end">{threshold(rule.minValueRank)}</td>
              <td className="px-3 py-2">{t(`interventions.${rule.intervention}`)}</td>
              {preview ? (
                <td className="tabular whitespace-nowrap px-3 py-2 text-end">
                  {t("policy.preview.catches", { members: preview.rules[i]?.members ?? 0, atRisk: format.number(preview.rules[i]?.atRisk ?? 0) })}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
