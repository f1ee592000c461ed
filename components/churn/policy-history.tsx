import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { TableHead } from "@/components/ui/table-head";
import type { PolicyVersionSummary } from "@/db/queries/churn-policy";

/** Every saved version of the policy (and the built-in default): when, by whom, how many rules; the one in force and the one shown are marked. */
export function PolicyHistory({ versions, inForce, shown }: { versions: readonly PolicyVersionSummary[]; inForce: number; shown: number }) {
  const t = useTranslations("churn.policy.history");
  const format = useFormatter();
  return (
    <Card className="min-w-0">
      <CardHeader title={t("title")} description={t("description")} />
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-sm" data-testid="policy-history">
          <TableHead
            columns={[
              { key: "version", label: t("version") },
              { key: "savedAt", label: t("savedAt") },
              { key: "savedBy", label: t("savedBy") },
              { key: "rules", label: t("rules"), numeric: true },
            ]}
          />
          <tbody className="divide-y divide-[var(--border)]">
            {versions.map((v) => (
              <tr key={v.version} aria-current={v.version === shown ? "true" : undefined} className={v.version === shown ? "bg-[var(--surface-muted)]" : undefined}>
                <th scope="row" className="px-3 py-2 text-start font-normal">
                  <Link href={`/churn/policy?version=${v.version}`} className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
                    {v.version === 0 ? t("builtIn") : t("versionN", { version: v.version })}
                  </Link>
                  {v.version === inForce ? (
                    <span className="ms-2">
                      <Badge tone="good">{t("inForce")}</Badge>
                    </span>
                  ) : null}
                </th>
                <td className="tabular whitespace-nowrap px-3 py-2">{v.createdAt ? format.dateTime(v.createdAt, { dateStyle: "medium", timeStyle: "short" }) : "–"}</td>
                <td className="px-3 py-2">{v.version === 0 ? "–" : (v.createdByName ?? t("system"))}</td>
                <td className="tabular px-3 py-2 text-end">{format.number(v.ruleCount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
