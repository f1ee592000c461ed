import { z } from "zod";
import { errorValue, isRowErrorCode, type RowError, type RowErrorParams } from "./row-errors";
import { fail, type Parsed } from "./values";

/**
 * zod glue for the import's rows: each field is a schema over the cell's text (trimmed; undefined when
 * the field is not mapped) whose failures carry a row-error code, so one safeParse names every bad field.
 */
function fromParser<T>(parse: (text: string | undefined) => Parsed<T>) {
  return z
    .string()
    .optional()
    .transform((text, ctx) => {
      const result = parse(text);
      if (result.ok) return result.value;
      ctx.addIssue({ code: "custom", message: result.code, params: result.params ?? {} });
      return z.NEVER;
    });
}

/** A cell that must hold a value. */
export function requiredCell<T>(parse: (text: string) => Parsed<T>) {
  return fromParser((text) => (text === undefined || text === "" ? fail("required") : parse(text)));
}

/** A cell that may be empty or unmapped (null); a value, when there is one, must parse. */
export function optionalCell<T>(parse: (text: string) => Parsed<T>) {
  return fromParser<T | null>((text) => (text === undefined || text === "" ? { ok: true, value: null } : parse(text)));
}

/** The mapped cells of one row: field name -> trimmed text, absent for fields the mapping leaves out. */
export type MappedCells = Record<string, string | undefined>;

export function mapCells(record: readonly string[], mapping: Readonly<Record<string, number>>): MappedCells {
  const cells: MappedCells = {};
  for (const [field, index] of Object.entries(mapping)) cells[field] = (record[index] ?? "").trim();
  return cells;
}

export type RowResult<T> = { ok: true; value: T } | { ok: false; errors: RowError[] };

/** Parses one row; every failing field becomes one RowError naming the row, the field and the cell. */
export function parseRow<S extends z.ZodType>(schema: S, rowNumber: number, cells: MappedCells): RowResult<z.output<S>> {
  const parsed = schema.safeParse(cells);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: RowError[] = [];
  const seen = new Set<string>();
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "row");
    if (seen.has(field)) continue;
    seen.add(field);
    const custom = issue.code === "custom" && isRowErrorCode(issue.message);
    errors.push({
      rowNumber,
      field,
      code: custom ? (issue.message as RowError["code"]) : "required",
      value: errorValue(cells[field]),
      params: custom ? ((issue as { params?: RowErrorParams }).params ?? {}) : {},
    });
  }
  return { ok: false, errors };
}
