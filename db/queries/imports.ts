import "server-only";
import { and, asc, count, desc, eq, lt, ne, sql } from "drizzle-orm";
import type { Db } from "../client";
import { importErrors, imports, staffUsers, stores, type ImportKind, type ImportStatus } from "../schema";
import type { ImportCounts } from "./imports-stage";
import { isUuid } from "./scope";

/**
 * The import jobs and their bad rows, as the UI and the job runner see them. The pipeline's own SQL (one
 * transaction, staging, set-based upserts) is in imports-stage.ts, imports-members.ts and imports-transactions.ts.
 */

export interface NewImport {
  kind: ImportKind;
  fileName: string;
  fileSha256: string;
  fileBytes: number;
  filePath: string;
  delimiter: string;
  header: string[];
  totalRows: number;
  createdBy: string;
}

export async function createImport(db: Db, params: NewImport): Promise<string> {
  const [row] = await db.insert(imports).values(params).returning({ id: imports.id });
  if (!row) throw new Error("insert into imports returned no row");
  return row.id;
}

export interface ImportSummary extends ImportCounts {
  id: string;
  kind: ImportKind;
  status: ImportStatus;
  fileName: string;
  processedRows: number;
  failure: string | null;
  createdByName: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const summaryColumns = {
  id: imports.id,
  kind: imports.kind,
  status: imports.status,
  fileName: imports.fileName,
  totalRows: imports.totalRows,
  processedRows: imports.processedRows,
  validRows: imports.validRows,
  invalidRows: imports.invalidRows,
  insertedRows: imports.insertedRows,
  updatedRows: imports.updatedRows,
  duplicateRows: imports.duplicateRows,
  insertedReceipts: imports.insertedReceipts,
  duplicateReceipts: imports.duplicateReceipts,
  validAmounts: imports.validAmounts,
  awardedPoints: imports.awardedPoints,
  failure: imports.failure,
  createdByName: staffUsers.name,
  createdAt: imports.createdAt,
  startedAt: imports.startedAt,
  finishedAt: imports.finishedAt,
};

export async function getImportSummary(db: Db, params: { id: string }): Promise<ImportSummary | null> {
  if (!isUuid(params.id)) return null;
  const [row] = await db.select(summaryColumns).from(imports).innerJoin(staffUsers, eq(staffUsers.id, imports.createdBy)).where(eq(imports.id, params.id));
  return row ?? null;
}

export async function listImports(db: Db, params: { limit: number }): Promise<ImportSummary[]> {
  return db
    .select(summaryColumns)
    .from(imports)
    .innerJoin(staffUsers, eq(staffUsers.id, imports.createdBy))
    .where(ne(imports.status, "uploaded"))
    .orderBy(desc(imports.createdAt))
    .limit(params.limit);
}

/** What the job runner reads: the stored file, its mapping and the online store's code. */
export interface ImportJobRow {
  id: string;
  kind: ImportKind;
  status: ImportStatus;
  filePath: string | null;
  delimiter: string;
  header: string[];
  mapping: Record<string, number> | null;
  onlineStoreCode: string | null;
  createdBy: string;
}

export async function getImportJob(db: Db, params: { id: string }): Promise<ImportJobRow | null> {
  if (!isUuid(params.id)) return null;
  const [row] = await db
    .select({
      id: imports.id,
      kind: imports.kind,
      status: imports.status,
      filePath: imports.filePath,
      delimiter: imports.delimiter,
      header: imports.header,
      mapping: imports.mapping,
      onlineStoreCode: stores.code,
      createdBy: imports.createdBy,
    })
    .from(imports)
    .leftJoin(stores, eq(stores.id, imports.onlineStoreId))
    .where(eq(imports.id, params.id));
  return row ?? null;
}

export async function saveImportMapping(db: Db, params: { id: string; mapping: Record<string, number>; onlineStoreId: string | null }): Promise<void> {
  await db
    .update(imports)
    .set({ mapping: params.mapping, onlineStoreId: params.onlineStoreId })
    .where(and(eq(imports.id, params.id), eq(imports.status, "uploaded")));
}

/** Claims an uploaded import for running; false when it was started already (a double click, a second tab). */
export async function claimImport(db: Db, params: { id: string }): Promise<boolean> {
  const rows = await db
    .update(imports)
    .set({ status: "running", startedAt: new Date(), processedRows: 0 })
    .where(and(eq(imports.id, params.id), eq(imports.status, "uploaded")))
    .returning({ id: imports.id });
  return rows.length === 1;
}

export async function setImportProgress(db: Db, params: { id: string; processedRows: number }): Promise<void> {
  await db.update(imports).set({ processedRows: params.processedRows }).where(and(eq(imports.id, params.id), eq(imports.status, "running")));
}

export async function failImport(db: Db, params: { id: string; failure: string }): Promise<void> {
  await db
    .update(imports)
    .set({ status: "failed", failure: params.failure.slice(0, 500), finishedAt: new Date(), filePath: null })
    .where(eq(imports.id, params.id));
}

export interface ImportProgress {
  status: ImportStatus;
  totalRows: number;
  processedRows: number;
}

export async function getImportProgress(db: Db, params: { id: string }): Promise<ImportProgress | null> {
  if (!isUuid(params.id)) return null;
  const [row] = await db
    .select({ status: imports.status, totalRows: imports.totalRows, processedRows: imports.processedRows })
    .from(imports)
    .where(eq(imports.id, params.id));
  return row ?? null;
}

/** The last finished import of the same file and kind, to warn before importing it again. */
export async function findEarlierImportOfFile(db: Db, params: { sha256: string; kind: ImportKind; before: string }) {
  const [row] = await db
    .select({ id: imports.id, finishedAt: imports.finishedAt })
    .from(imports)
    .where(and(eq(imports.fileSha256, params.sha256), eq(imports.kind, params.kind), eq(imports.status, "succeeded"), ne(imports.id, params.before)))
    .orderBy(desc(imports.finishedAt))
    .limit(1);
  return row ?? null;
}

/** Uploads nobody went on to import, older than the cutoff: their files can go. */
export async function listAbandonedUploads(db: Db, params: { before: Date }): Promise<Array<{ id: string; filePath: string | null }>> {
  return db
    .select({ id: imports.id, filePath: imports.filePath })
    .from(imports)
    .where(and(eq(imports.status, "uploaded"), lt(imports.createdAt, params.before)));
}

/** Deletes uploads that were never started (an import that has started in the meantime stays). */
export async function deleteUnstartedImports(db: Db, params: { ids: string[] }): Promise<void> {
  if (params.ids.length === 0) return;
  await db.delete(imports).where(and(sql`${imports.id} in ${params.ids}`, eq(imports.status, "uploaded")));
}

export interface ImportErrorRow {
  rowNumber: number;
  field: string;
  code: string;
  value: string | null;
  params: Record<string, string | number>;
}

const errorColumns = {
  rowNumber: importErrors.rowNumber,
  field: importErrors.field,
  code: importErrors.code,
  value: importErrors.value,
  params: importErrors.params,
};

export async function listImportErrors(db: Db, params: { importId: string; page: number; pageSize: number }) {
  const [total] = await db.select({ n: count() }).from(importErrors).where(eq(importErrors.importId, params.importId));
  const rows: ImportErrorRow[] = await db
    .select(errorColumns)
    .from(importErrors)
    .where(eq(importErrors.importId, params.importId))
    .orderBy(asc(importErrors.rowNumber), asc(importErrors.id))
    .limit(params.pageSize)
    .offset((params.page - 1) * params.pageSize);
  return { rows, total: total?.n ?? 0 };
}

/** Every error of an import in row order, a page at a time (for the CSV download). */
export async function* iterateImportErrors(db: Db, params: { importId: string; pageSize?: number }): AsyncGenerator<ImportErrorRow> {
  const pageSize = params.pageSize ?? 5_000;
  let after = { rowNumber: 0, id: 0 };
  for (;;) {
    const rows = await db
      .select({ id: importErrors.id, ...errorColumns })
      .from(importErrors)
      .where(and(eq(importErrors.importId, params.importId), sql`(${importErrors.rowNumber}, ${importErrors.id}) > (${after.rowNumber}, ${after.id})`))
      .orderBy(asc(importErrors.rowNumber), asc(importErrors.id))
      .limit(pageSize);
    for (const { id: _id, ...row } of rows) yield row;
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) return;
    after = { rowNumber: last.rowNumber, id: last.id };
  }
}

export async function listOnlineStores(db: Db): Promise<Array<{ id: string; code: string; name: string }>> {
  return db.select({ id: stores.id, code: stores.code, name: stores.name }).from(stores).where(eq(stores.kind, "online")).orderBy(asc(stores.code));
}
