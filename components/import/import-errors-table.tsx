import { useTranslations } from "next-intl";
import type { ImportErrorRow } from "@/db/queries/imports";
import { ImportTable } from "./import-table";
import { rowErrorText } from "./row-error-text";

/** One page of an import's bad rows: row number, field, the cell as found and the reason. */
export function ImportErrorsTable({ rows }: { rows: readonly ImportErrorRow[] }) {
  const t = useTranslations("import");
  return (
    <ImportTable
      caption={t("report.caption")}
      columns={[
        { key: "row", label: t("report.columns.row"), end: true },
        { key: "field", label: t("report.columns.field") },
        { key: "value", label: t("report.columns.value") },
        { key: "problem", label: t("report.columns.problem") },
      ]}
    >
      {rows.map((e, i) => (
        <tr key={`${e.rowNumber}-${e.field}-${i}`} data-testid="bad-row" data-row={e.rowNumber} data-field={e.field} data-code={e.code}>
          <td className="tabular px-3 py-2 text-end align-top">{e.rowNumber}</td>
          <td className="px-3 py-2 align-top font-mono text-xs" dir="ltr">
            {e.field}
          </td>
          <td className="max-w-48 truncate px-3 py-2 align-top font-mono text-xs" dir="auto">
            {e.value ?? ""}
          </td>
          <td className="px-3 py-2 align-top">{rowErrorText(t, e)}</td>
        </tr>
      ))}
    </ImportTable>
  );
}
