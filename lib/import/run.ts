import "server-only";
import { rm } from "node:fs/promises";
import type { DbHandle, RawSession } from "@/db/client";
import { claimImport, failImport, getImportJob, setImportProgress, type ImportErrorRow, type ImportJobRow } from "@/db/queries/imports";
import { finishImport, type ImportCounts } from "@/db/queries/imports-stage";
import { AppError } from "@/lib/errors";
import { DELIMITERS, type Delimiter } from "./csv-file";
import { mappingProblems } from "./fields";
import { processImport, type ImportSpec } from "./pipeline";
import type { MappedCells } from "./row-schema";

function specOf(job: ImportJobRow): ImportSpec {
  if (!job.filePath) throw new AppError("conflict", "The uploaded file is no longer there; upload it again.");
  if (!job.mapping) throw new AppError("invalid_input", "Map the columns first.");
  const { missing, invalid } = mappingProblems(job.kind, job.mapping, job.header.length);
  if (missing.length > 0 || invalid.length > 0) throw new AppError("invalid_input", `Check the mapping of: ${[...missing, ...invalid].join(", ")}.`);
  const delimiter = DELIMITERS.find((d) => d === job.delimiter) ?? ",";
  return {
    id: job.id,
    kind: job.kind,
    filePath: job.filePath,
    delimiter: delimiter satisfies Delimiter,
    headerLength: job.header.length,
    mapping: job.mapping,
    onlineStoreCode: job.onlineStoreCode,
    createdBy: job.createdBy,
  };
}

async function loadJob(handle: DbHandle, id: string): Promise<ImportJobRow> {
  const job = await getImportJob(handle.db, { id });
  if (!job) throw new AppError("not_found", "No such import.");
  return job;
}

// Imports this process is running: on PGlite (one process owns the database) a "running" import missing
// from here was cut off by a restart, and its transaction rolled back with it.
const holder = globalThis as unknown as { loyalistRunningImports?: Set<string> };
const running = (holder.loyalistRunningImports ??= new Set<string>());

export function isRunningHere(id: string): boolean {
  return running.has(id);
}

export interface RunOptions {
  now?: Date;
  /** Tests: throw after staging and checking, before anything is applied. */
  failAfterStage?: boolean;
  /** The loyalty program the receipts earn in (tests name their own); the default program when absent. */
  programId?: string;
}

export interface ClaimedImport {
  job: ImportJobRow;
  spec: ImportSpec;
}

/** Checks that an import can run (file there, mapping complete) and claims it, so it runs once. */
export async function claimImportRun(handle: DbHandle, id: string): Promise<ClaimedImport> {
  const job = await loadJob(handle, id);
  if (job.status !== "uploaded") throw new AppError("conflict", "This import has already been started.");
  const spec = specOf(job);
  if (!(await claimImport(handle.db, { id }))) throw new AppError("conflict", "This import has already been started.");
  running.add(id);
  return { job, spec };
}

/**
 * Runs a claimed import to the end: streams, stages, checks and applies the file in ONE database
 * transaction that also records the bad rows, the counts and the audit entry. A failure rolls all of that
 * back and marks the import failed. The file is removed either way.
 */
export async function executeImport(handle: DbHandle, claimed: ClaimedImport, options: RunOptions = {}): Promise<ImportCounts> {
  const { job, spec } = claimed;
  const id = job.id;
  running.add(id);
  // Progress is written from outside the import's transaction so that the UI can read it while the
  // import runs. On PostgreSQL that is another pooled connection; PGlite has one connection, which the
  // transaction holds until it ends, so there the bar jumps from 0 to 100 % (see docs/import.md).
  const onProgress =
    handle.driver === "postgres" ? (processedRows: number) => setImportProgress(handle.db, { id, processedRows }) : undefined;
  try {
    return await handle.rawTransaction(async (raw) => {
      const counts = await processImport(raw, spec, { now: options.now ?? new Date(), onProgress, failAfterStage: options.failAfterStage, programId: options.programId });
      await finishImport(raw, id, job.createdBy, counts);
      return counts;
    });
  } catch (error) {
    console.error(`import ${id} failed`, error);
    await failImport(handle.db, { id, failure: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    running.delete(id);
    await rm(spec.filePath, { force: true });
  }
}

/** Claims and runs an import, waiting for the end (tests, scripts; the UI runs it in the background). */
export async function runImport(handle: DbHandle, id: string, options: RunOptions = {}): Promise<ImportCounts> {
  return executeImport(handle, await claimImportRun(handle, id), options);
}

/** Marks an import failed when a restart cut it off (PGlite only: one process owns that database). */
export async function settleInterruptedImport(handle: DbHandle, id: string, status: string): Promise<boolean> {
  if (handle.driver !== "pglite" || status !== "running" || running.has(id)) return false;
  await failImport(handle.db, { id, failure: "The server stopped while this import was running; nothing was written. Upload the file again." });
  return true;
}

export interface PreviewRow {
  rowNumber: number;
  cells: MappedCells;
  errors: ImportErrorRow[];
}

export interface ImportPreview {
  rows: PreviewRow[];
  /** What importing exactly these rows would do (rows of a receipt beyond the preview are not seen). */
  counts: ImportCounts;
}

class PreviewRollback extends Error {
  constructor(readonly preview: ImportPreview) {
    super("preview rollback");
  }
}

/**
 * A dry run: the same pipeline as the import, on the first `limit` rows, in a transaction that is rolled
 * back. The preview therefore reports exactly what the import of those rows would do.
 */
export async function previewImport(handle: DbHandle, id: string, options: { limit: number; now?: Date; programId?: string }): Promise<ImportPreview> {
  const job = await loadJob(handle, id);
  if (job.status !== "uploaded") throw new AppError("conflict", "This import has already been started.");
  const spec = specOf(job);
  const rows: PreviewRow[] = [];
  try {
    await handle.rawTransaction(async (raw) => {
      const counts = await processImport(raw, spec, {
        now: options.now ?? new Date(),
        limit: options.limit,
        programId: options.programId,
        onRow: (rowNumber, cells) => rows.push({ rowNumber, cells, errors: [] }),
      });
      const errors = await previewErrors(raw, id);
      for (const row of rows) row.errors = errors.get(row.rowNumber) ?? [];
      throw new PreviewRollback({ rows, counts });
    });
  } catch (error) {
    if (error instanceof PreviewRollback) return error.preview;
    throw error;
  }
  throw new Error("unreachable: a preview always rolls back");
}

async function previewErrors(raw: RawSession, importId: string): Promise<Map<number, ImportErrorRow[]>> {
  const rows = await raw.query<{ row_number: number; field: string; code: string; value: string | null; params: Record<string, string | number> }>(
    "select row_number, field, code, value, params from import_errors where import_id = $1 order by row_number, id",
    [importId],
  );
  const byRow = new Map<number, ImportErrorRow[]>();
  for (const r of rows) {
    const list = byRow.get(r.row_number) ?? [];
    list.push({ rowNumber: r.row_number, field: r.field, code: r.code, value: r.value, params: r.params });
    byRow.set(r.row_number, list);
  }
  return byRow;
}
