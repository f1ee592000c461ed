"use client";

import { useFormatter, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { fieldsOf, type ColumnMapping } from "@/lib/import/fields";
import type { PreviewResponse, UploadResponse } from "@/lib/import/types";
import { ImportTable } from "./import-table";
import { rowErrorText } from "./row-error-text";

export interface PreviewStepProps {
  upload: UploadResponse;
  mapping: ColumnMapping;
  preview: PreviewResponse;
  busy: boolean;
  error: string | null;
  onStart: () => void;
  onBack: () => void;
}

/** The first rows as mapped, each checked by a rolled-back run of the import; bad cells are marked. */
export function PreviewStep({ upload, mapping, preview, busy, error, onStart, onBack }: PreviewStepProps) {
  const t = useTranslations("import");
  const format = useFormatter();
  const n = (value: number) => format.number(value);
  const fields = fieldsOf(upload.kind).filter((f) => mapping[f.name] !== undefined);
  const { counts } = preview;
  return (
    <div className="space-y-4">
      <div className="space-y-1 text-sm" data-testid="preview-summary">
        <p>{t("preview.summary", { rows: counts.totalRows, valid: n(counts.validRows), invalid: n(counts.invalidRows) })}</p>
        <p>
          {upload.kind === "transactions"
            ? t("preview.transactions", { receipts: counts.insertedReceipts, lines: counts.insertedRows, duplicates: counts.duplicateReceipts })
            : t("preview.members", { inserted: counts.insertedRows, updated: n(counts.updatedRows), duplicates: n(counts.duplicateRows) })}
        </p>
        {upload.kind === "transactions" ? <p data-testid="preview-points">{t("preview.points", { points: counts.awardedPoints })}</p> : null}
        {preview.totalRows > counts.totalRows ? <p className="text-[var(--text-muted)]">{t("preview.rest", { total: n(preview.totalRows) })}</p> : null}
      </div>
      <ImportTable
        caption={t("preview.caption")}
        scrollLabel={t("preview.caption")}
        columns={[
          { key: "row", label: t("preview.row"), end: true },
          { key: "status", label: t("preview.status") },
          ...fields.map((f) => ({ key: f.name, label: <span dir="ltr">{f.name}</span>, className: "whitespace-nowrap font-mono" })),
        ]}
      >
        {preview.rows.map((row) => {
          const bad = row.errors.length > 0;
          const badFields = new Set(row.errors.map((e) => e.field));
          return (
            <tr key={row.rowNumber} data-testid="preview-row" data-invalid={bad || undefined} className={bad ? "bg-red-50 dark:bg-red-950/30" : undefined}>
              <td className="tabular px-3 py-2 text-end align-top">{row.rowNumber}</td>
              <td className="min-w-56 px-3 py-2 align-top">
                {bad ? <Badge tone="bad">{t("preview.invalid")}</Badge> : <Badge tone="good">{t("preview.valid")}</Badge>}
                {bad ? (
                  <ul className="mt-1 space-y-0.5 text-xs text-red-800 dark:text-red-200">
                    {row.errors.map((e, i) => (
                      <li key={i}>
                        <span className="font-mono" dir="ltr">{e.field}</span>: {rowErrorText(t, e)}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </td>
              {fields.map((f) => (
                <td
                  key={f.name}
                  dir="auto"
                  aria-invalid={badFields.has(f.name) || undefined}
                  className={cn("max-w-48 truncate px-3 py-2 align-top", badFields.has(f.name) && "font-semibold text-red-800 underline decoration-wavy dark:text-red-200")}
                >
                  {row.cells[f.name] ?? ""}
                </td>
              ))}
            </tr>
          );
        })}
      </ImportTable>
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="button" onClick={onStart} disabled={busy}>
          {busy ? t("preview.starting") : t("preview.start", { total: preview.totalRows })}
        </Button>
        <Button type="button" variant="secondary" onClick={onBack} disabled={busy}>
          {t("preview.back")}
        </Button>
      </div>
    </div>
  );
}
