import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/lib/auth/session";
import { MEMBER_DATA, OTHER_TABLES } from "@/lib/privacy/registry";
import type { ColumnErasure } from "@/lib/privacy/registry-types";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("privacy.catalogue");
  return { title: t("metaTitle") };
}

/** The registry as a page: it reads no database, so it is the same for every program. */
export default async function CataloguePage() {
  await requirePagePermission("privacy:view");
  const t = await getTranslations("privacy");
  const erasure = (rule: ColumnErasure, rowsDeleted: boolean): string => {
    if (rowsDeleted) return t("catalogue.erase.delete");
    switch (rule.kind) {
      case "set":
        return t("catalogue.erase.set", { value: rule.sql });
      case "keep_keys":
        return t("catalogue.erase.keep_keys", { keys: rule.keys.join(", ") });
      default:
        return t(`catalogue.erase.${rule.kind}`);
    }
  };
  return (
    <>
      <PageHeader title={t("catalogue.title")} description={t("catalogue.description")} />
      <div className="space-y-6">
        {MEMBER_DATA.map((spec) => (
          <Card key={spec.key} aria-labelledby={`table-${spec.key}`} data-testid={`catalogue-${spec.key}`}>
            <CardHeader
              title={<span id={`table-${spec.key}`}>{t(`tables.${spec.key}.title`)}</span>}
              description={t(`tables.${spec.key}.description`)}
              actions={<Badge tone="brand">{t(`categories.${spec.category}.title`)}</Badge>}
            />
            <dl className="mb-3 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
              <dt className="text-[var(--text-muted)]">{t("catalogue.purposes")}</dt>
              <dd>{spec.purposes.map((p) => t(`purposes.${p}`)).join(", ")}</dd>
              <dt className="text-[var(--text-muted)]">{t("catalogue.sources")}</dt>
              <dd>{spec.sources.map((s) => t(`sources.${s}`)).join(", ")}</dd>
            </dl>
            {spec.export.kind === "excluded" ? <p className="mb-2 text-xs text-[var(--text-muted)]">{t("catalogue.excluded", { reason: t(`catalogue.exclusions.${spec.export.reason}`) })}</p> : null}
            {spec.rows === "delete" ? <p className="mb-2 text-xs text-[var(--text-muted)]">{t("catalogue.rowsDeleted")}</p> : null}
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <caption className="sr-only">{t(`tables.${spec.key}.title`)}</caption>
                <thead className="text-xs text-[var(--text-muted)]">
                  <tr>
                    <th scope="col" className="py-1 text-start font-medium">{t("catalogue.attribute")}</th>
                    <th scope="col" className="py-1 text-start font-medium">{t("catalogue.personal")}</th>
                    <th scope="col" className="py-1 text-start font-medium">{t("catalogue.exported")}</th>
                    <th scope="col" className="py-1 text-start font-medium">{t("catalogue.onErasure")}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-[var(--border)]">
                  {Object.entries(spec.columns).map(([name, column]) => (
                    <tr key={name}>
                      <th scope="row" className="py-1.5 text-start font-mono text-xs font-normal" dir="ltr">
                        {name}
                      </th>
                      <td className="py-1.5">{column.personal ? <Badge tone="warn">{t("catalogue.yes")}</Badge> : t("catalogue.no")}</td>
                      <td className="py-1.5">{column.export && spec.export.kind === "rows" ? t("catalogue.yes") : t("catalogue.no")}</td>
                      <td className="py-1.5">{erasure(column.erase, spec.rows === "delete")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
        ))}
        <Card aria-labelledby="other-tables">
          <CardHeader title={<span id="other-tables">{t("catalogue.otherTables")}</span>} />
          <ul className="grid gap-1 text-sm sm:grid-cols-2">
            {Object.entries(OTHER_TABLES).map(([table, reason]) => (
              <li key={table} className="flex justify-between gap-3">
                <span className="font-mono text-xs" dir="ltr">
                  {table}
                </span>
                <span className="text-[var(--text-muted)]">{t(`catalogue.otherReason.${reason}`)}</span>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
