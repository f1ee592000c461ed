"use client";

import { useFormatter, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Select } from "@/components/ui/field";
import { fieldsOf, type ColumnMapping } from "@/lib/import/fields";
import type { UploadResponse } from "@/lib/import/types";
import { ImportTable } from "./import-table";

const DELIMITER_NAMES: Record<string, string> = { ",": ",", ";": ";", "\t": "Tab" };

export interface MappingStepProps {
  upload: UploadResponse;
  mapping: ColumnMapping;
  onMappingChange: (mapping: ColumnMapping) => void;
  onlineStores: ReadonlyArray<{ id: string; name: string; code: string }>;
  onlineStoreId: string | null;
  onOnlineStoreChange: (id: string | null) => void;
  missing: string[];
  busy: boolean;
  onPreview: () => void;
  onBack: () => void;
}

/** One select per import field, choosing the file column it is read from, with the first row beside it. */
export function MappingStep(props: MappingStepProps) {
  const { upload, mapping } = props;
  const t = useTranslations("import");
  const format = useFormatter();
  const sample = upload.sampleRows[0] ?? [];
  const choose = (field: string, value: string) => {
    const next = { ...mapping };
    if (value === "") delete next[field];
    else next[field] = Number(value);
    props.onMappingChange(next);
  };
  return (
    <div className="space-y-5">
      <p className="text-sm">
        {t("mapping.read", {
          // First-strong isolates keep a Latin file name from reordering the sentence around it in Arabic.
          file: `\u2068${upload.fileName}\u2069`,
          rows: upload.totalRows,
          columns: upload.header.length,
          delimiter: `\u2068${DELIMITER_NAMES[upload.delimiter] ?? upload.delimiter}\u2069`,
        })}
      </p>
      {upload.importedBefore ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100">
          {t("mapping.importedBefore", { date: format.dateTime(new Date(upload.importedBefore), { dateStyle: "medium", timeStyle: "short" }) })}
        </p>
      ) : null}
      <p className="text-sm text-[var(--text-muted)]">{t("mapping.hint")}</p>
      <ImportTable
        caption={t("mapping.title")}
        columns={[
          { key: "field", label: t("mapping.field") },
          { key: "column", label: t("mapping.column") },
          { key: "sample", label: t("mapping.sample"), className: "hidden md:table-cell" },
        ]}
      >
        {fieldsOf(upload.kind).map((field) => {
          const id = `map-${field.name}`;
          const index = mapping[field.name];
          const missing = props.missing.includes(field.name);
          return (
            <tr key={field.name} className={missing ? "bg-red-50 dark:bg-red-950/30" : undefined}>
              <td className="px-3 py-2 align-top">
                <label htmlFor={id} className="font-mono text-xs font-semibold" dir="ltr">
                  {field.name}
                </label>{" "}
                <Badge tone={field.required ? "brand" : "neutral"}>{field.required ? t("mapping.required") : t("mapping.optional")}</Badge>
                <span className="mt-0.5 block text-xs text-[var(--text-muted)]">{t(`fields.${field.name}`)}</span>
              </td>
              <td className="px-3 py-2 align-top">
                <Select id={id} value={index === undefined ? "" : String(index)} onChange={(e) => choose(field.name, e.target.value)} aria-invalid={missing || undefined}>
                  <option value="">{t("mapping.notInFile")}</option>
                  {upload.header.map((title, i) => (
                    <option key={i} value={i}>
                      {t("mapping.columnOption", { title: title || "—", number: i + 1 })}
                    </option>
                  ))}
                </Select>
              </td>
              <td className="hidden max-w-48 truncate px-3 py-2 align-top font-mono text-xs md:table-cell" dir="auto">
                {index === undefined ? "" : sample[index] ?? ""}
              </td>
            </tr>
          );
        })}
      </ImportTable>
      {upload.kind === "transactions" ? (
        <div className="max-w-md">
          <Field id="online-store" label={t("mapping.onlineStore")}>
            <Select id="online-store" value={props.onlineStoreId ?? ""} onChange={(e) => props.onOnlineStoreChange(e.target.value || null)} aria-describedby="online-store-hint">
              <option value="">{t("mapping.noOnlineStore")}</option>
              {props.onlineStores.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.code})
                </option>
              ))}
            </Select>
          </Field>
          <p id="online-store-hint" className="mt-1 text-xs text-[var(--text-muted)]">
            {t("mapping.onlineStoreHint")}
          </p>
        </div>
      ) : null}
      {props.missing.length > 0 ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {t("mapping.missing", { fields: props.missing.join(", ") })}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="button" onClick={props.onPreview} disabled={props.busy}>
          {props.busy ? t("mapping.checking") : t("mapping.preview")}
        </Button>
        <Button type="button" variant="secondary" onClick={props.onBack} disabled={props.busy}>
          {t("mapping.back")}
        </Button>
      </div>
    </div>
  );
}
