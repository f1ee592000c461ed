import { isRowErrorCode } from "@/lib/import/row-errors";

/** A translator of the `import` namespace, as next-intl's useTranslations / getTranslations return it. */
export type ImportTranslator = (key: string, values?: Record<string, string | number>) => string;

export interface RowErrorLike {
  code: string;
  value: string | null;
  params: Record<string, string | number>;
}

/**
 * The message of a bad row in the reader's language: `rowErrors.<code>` with the cell as {value} and the
 * stored parameters. Used by the preview, the report and the CSV download alike.
 */
export function rowErrorText(t: ImportTranslator, error: RowErrorLike): string {
  if (!isRowErrorCode(error.code)) return error.code;
  return t(`rowErrors.${error.code}`, { ...error.params, value: error.value ?? "" });
}

/** "row 17, amount: 'abc' is not a decimal number" */
export function rowErrorLine(t: ImportTranslator, error: RowErrorLike & { rowNumber: number; field: string }): string {
  return t("rowErrorLine", { row: error.rowNumber, field: error.field, message: rowErrorText(t, error) });
}
