import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { ImportSummary } from "@/db/queries/imports";
import { ImportTable } from "./import-table";
import { STATUS_TONE } from "./status-tone";


/** The latest imports, each linking to its report. */
export function ImportHistory({ imports }: { imports: readonly ImportSummary[] }) {
  const t = useTranslations("import");
  const format = useFormatter();
  if (imports.length === 0) return <p className="text-sm text-[var(--text-muted)]">{t("history.empty")}</p>;
  return (
    <ImportTable
      caption={t("history.caption")}
      columns={[
        { key: "date", label: t("history.columns.date") },
        { key: "file", label: t("history.columns.file") },
        { key: "kind", label: t("history.columns.kind"), className: "hidden md:table-cell" },
        { key: "status", label: t("history.columns.status") },
        { key: "rows", label: t("history.columns.rows"), end: true },
        { key: "invalid", label: t("history.columns.invalid"), end: true },
        { key: "by", label: t("history.columns.by"), className: "hidden lg:table-cell" },
      ]}
    >
      {imports.map((i) => (
        <tr key={i.id} className="hover:bg-[var(--surface-muted)]">
          <td className="tabular whitespace-nowrap px-3 py-2">{format.dateTime(i.createdAt, { dateStyle: "medium", timeStyle: "short" })}</td>
          <td className="max-w-64 truncate px-3 py-2">
            <Link href={`/import/${i.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100" dir="auto">
              {i.fileName}
            </Link>
          </td>
          <td className="hidden px-3 py-2 md:table-cell">{t(`kinds.${i.kind}`)}</td>
          <td className="px-3 py-2">
            <Badge tone={STATUS_TONE[i.status]}>{t(`progress.status.${i.status}`)}</Badge>
          </td>
          <td className="tabular px-3 py-2 text-end">{format.number(i.totalRows)}</td>
          <td className="tabular px-3 py-2 text-end">{format.number(i.invalidRows)}</td>
          <td className="hidden px-3 py-2 lg:table-cell">{i.createdByName}</td>
        </tr>
      ))}
    </ImportTable>
  );
}
