import "server-only";
import type { RowError } from "@/lib/import/row-errors";
import type { RawSession } from "../client";

/**
 * What every import does inside its one database transaction, whatever its kind: serialise with other
 * imports, record bad rows, resolve codes, count, finish. The kind-specific SQL is in imports-members.ts
 * and imports-transactions.ts.
 */

/**
 * Imports run one at a time per database: two imports upserting the same members or receipts would
 * otherwise wait on each other row by row, in whatever order their files list them.
 */
const IMPORT_LOCK_KEY = 7_020_010;

export async function beginImportWork(raw: RawSession, importId: string): Promise<void> {
  await raw.query("select pg_advisory_xact_lock($1)", [IMPORT_LOCK_KEY]);
  // A preview of the same import may have run before; its errors were rolled back, but be sure.
  await raw.query("delete from import_errors where import_id = $1", [importId]);
}

export async function copyRowErrors(raw: RawSession, importId: string, errors: readonly RowError[]): Promise<void> {
  if (errors.length === 0) return;
  await raw.copyIn(
    "import_errors",
    ["import_id", "row_number", "field", "code", "value", "params"],
    errors.map((e) => [importId, e.rowNumber, e.field, e.code, e.value, e.params]),
  );
}

/** Rows (not errors) reported bad so far. */
export async function countInvalidRows(raw: RawSession, importId: string): Promise<number> {
  const [row] = await raw.query<{ n: number }>("select count(distinct row_number)::int as n from import_errors where import_id = $1", [importId]);
  return row?.n ?? 0;
}

/**
 * Resolves the distinct codes a file names to ids, once per code rather than once per row: the exact code
 * first, else the only code equal to it ignoring case ("ber-01" finds BER-01; two such codes find none).
 */
export async function resolveCodes(raw: RawSession, target: { table: "stores" | "categories"; into: string; codes: string }): Promise<void> {
  await raw.query(
    `create temp table ${target.into} on commit drop as
     select f.code, coalesce(exact.id, folded.id) as id
       from (select distinct code from (${target.codes}) named where code is not null) f
       left join ${target.table} exact on exact.code = f.code
       left join lateral (
         select min(t.id::text)::uuid as id from ${target.table} t where lower(t.code) = lower(f.code) having count(*) = 1
       ) folded on true`,
  );
}

export async function analyze(raw: RawSession, table: string): Promise<void> {
  // Temporary tables get no statistics of their own; without them the planner guesses a few rows and
  // picks nested loops over tables of 100k rows.
  await raw.query(`analyze ${table}`);
}

export interface ImportCounts {
  totalRows: number;
  validRows: number;
  invalidRows: number;
  insertedRows: number;
  updatedRows: number;
  duplicateRows: number;
  insertedReceipts: number;
  duplicateReceipts: number;
  validAmounts: Record<string, number>;
  /** Transactions: the points the new receipts earned (docs/loyalty.md). */
  awardedPoints: number;
}

export const EMPTY_COUNTS: ImportCounts = {
  totalRows: 0,
  validRows: 0,
  invalidRows: 0,
  insertedRows: 0,
  updatedRows: 0,
  duplicateRows: 0,
  insertedReceipts: 0,
  duplicateReceipts: 0,
  validAmounts: {},
  awardedPoints: 0,
};

/**
 * Marks the import done with its counts and writes its audit entry, in the import's own transaction: the
 * data, the report and the audit trail commit together or not at all. (recordAudit takes a Drizzle
 * handle; the import holds a raw session for COPY, so the same insert is written here in SQL.)
 */
export async function finishImport(raw: RawSession, importId: string, actorId: string, counts: ImportCounts): Promise<void> {
  await raw.query(
    `update imports set status = 'succeeded', processed_rows = $2, total_rows = $2, valid_rows = $3, invalid_rows = $4,
            inserted_rows = $5, updated_rows = $6, duplicate_rows = $7, inserted_receipts = $8, duplicate_receipts = $9,
            valid_amounts = $10::jsonb, awarded_points = $11, finished_at = now(), file_path = null
      where id = $1`,
    [
      importId,
      counts.totalRows,
      counts.validRows,
      counts.invalidRows,
      counts.insertedRows,
      counts.updatedRows,
      counts.duplicateRows,
      counts.insertedReceipts,
      counts.duplicateReceipts,
      JSON.stringify(counts.validAmounts),
      counts.awardedPoints,
    ],
  );
  const { validAmounts: _amounts, ...figures } = counts;
  await raw.query(
    "insert into audit_log (actor_kind, actor_id, action, entity_type, entity_id, after) values ('staff', $1, 'import.completed', 'import', $2, $3::jsonb)",
    [actorId, importId, JSON.stringify(figures)],
  );
}
