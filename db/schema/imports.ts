import { bigint, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { staffUsers } from "./staff";
import { stores } from "./stores";

export const importKind = pgEnum("import_kind", ["members", "transactions"]);
/**
 * uploaded: the file is stored and waits for its column mapping; running: the background job holds the
 * import's database transaction; succeeded / failed: finished (a failed import wrote nothing but its row).
 */
export const importStatus = pgEnum("import_status", ["uploaded", "running", "succeeded", "failed"]);

export type ImportKind = (typeof importKind.enumValues)[number];
export type ImportStatus = (typeof importStatus.enumValues)[number];

/**
 * One CSV import: the file, its mapping, and what became of its rows. Row counts add up:
 * total = valid + invalid once finished, and valid = inserted + updated + duplicate.
 */
export const imports = pgTable(
  "imports",
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: importKind().notNull(),
    status: importStatus().notNull().default("uploaded"),
    fileName: text().notNull(),
    fileSha256: text().notNull(),
    fileBytes: bigint({ mode: "number" }).notNull(),
    /** Where the upload waits on the server's disk until the import has run; null once it is removed. */
    filePath: text(),
    delimiter: text().notNull(),
    /** The file's header cells, in order. */
    header: jsonb().$type<string[]>().notNull(),
    /** Field name -> index of the file column it is read from; absent fields are not in the file. */
    mapping: jsonb().$type<Record<string, number>>(),
    /** Transactions: the store that receipts with an empty store_code book to (the web shop). */
    onlineStoreId: uuid().references(() => stores.id),
    totalRows: integer().notNull(),
    /** Rows read so far by a running import: the progress bar (kept live on PostgreSQL, see docs/import.md). */
    processedRows: integer().notNull().default(0),
    validRows: integer().notNull().default(0),
    invalidRows: integer().notNull().default(0),
    insertedRows: integer().notNull().default(0),
    /** Members only: rows that changed an existing member. */
    updatedRows: integer().notNull().default(0),
    /** Valid rows that changed nothing: a receipt already stored, or a member already as in the file. */
    duplicateRows: integer().notNull().default(0),
    insertedReceipts: integer().notNull().default(0),
    duplicateReceipts: integer().notNull().default(0),
    /** Transactions: what the valid rows add up to, in minor units per currency ({"EUR": 123450}). */
    validAmounts: jsonb().$type<Record<string, number>>().notNull().default({}),
    /** Transactions: the points the receipts this import added earned, all members together. */
    awardedPoints: bigint({ mode: "number" }).notNull().default(0),
    /** Why a failed import failed (the error's message; details are in the server log). */
    failure: text(),
    createdBy: uuid()
      .notNull()
      .references(() => staffUsers.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.createdAt), index().on(t.fileSha256)],
);

/**
 * The bad rows of an import, one entry per row and field. The message is not stored as text: `code` and
 * `params` are rendered in the reader's language (messages/<locale>/import.json, `rowErrors`).
 */
export const importErrors = pgTable(
  "import_errors",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    importId: uuid()
      .notNull()
      .references(() => imports.id, { onDelete: "cascade" }),
    /** The row as a spreadsheet numbers it: the header is row 1, the first data row is row 2. */
    rowNumber: integer().notNull(),
    /** The import field (not the file's column title) the error is about. */
    field: text().notNull(),
    code: text().notNull(),
    /** The offending cell, as found in the file (cut to 200 characters). */
    value: text(),
    params: jsonb().$type<Record<string, string | number>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.importId, t.rowNumber)],
);
