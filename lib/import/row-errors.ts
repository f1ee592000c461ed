/**
 * Why a row is bad. Stored as a code with parameters (import_errors.code / params) and rendered in the
 * reader's language from messages/<locale>/import.json `rowErrors.<code>`; every code needs a message there.
 */
export const ROW_ERROR_CODES = [
  "required",
  "too_long",
  "not_decimal",
  "too_many_decimals",
  "negative",
  "too_large",
  "not_positive_integer",
  "not_datetime",
  "not_date",
  "in_future",
  "too_early",
  "not_email",
  "not_allowed",
  "not_country",
  "field_count",
  "store_required",
  "no_online_store",
  "unknown_store",
  "store_channel_mismatch",
  "store_currency_mismatch",
  "unknown_member",
  "erased_member",
  "unknown_category",
  "duplicate_line",
  "duplicate_member",
  "receipt_inconsistent",
  "receipt_incomplete",
] as const;

export type RowErrorCode = (typeof ROW_ERROR_CODES)[number];
export type RowErrorParams = Record<string, string | number>;

/** One problem of one row: the field it is about, the cell as found, and why. */
export interface RowError {
  rowNumber: number;
  field: string;
  code: RowErrorCode;
  value: string | null;
  params: RowErrorParams;
}

const MAX_VALUE_LENGTH = 200;

/** The cell as kept with an error: long cells are cut so one pathological file cannot bloat the report. */
export function errorValue(value: string | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  return value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH)}…` : value;
}

export function isRowErrorCode(code: string): code is RowErrorCode {
  return (ROW_ERROR_CODES as readonly string[]).includes(code);
}
