import "server-only";
import type { RawSession } from "@/db/client";
import { applyMemberStage, checkMemberStage, countValidMembers, createMemberStage, stageMembers } from "@/db/queries/imports-members";
import { beginImportWork, copyRowErrors, countInvalidRows, EMPTY_COUNTS, type ImportCounts } from "@/db/queries/imports-stage";
import {
  applyTransactionStage,
  checkTransactionStage,
  createTransactionStage,
  stageLines,
  summariseValidLines,
} from "@/db/queries/imports-transactions";
import type { ImportKind } from "@/db/schema/imports";
import { afterTransactionsImported } from "./after-import";
import { readCsvRows, type Delimiter } from "./csv-file";
import type { ColumnMapping } from "./fields";
import { createMemberRowParser, type StagedMember } from "./member-row";
import type { RowError } from "./row-errors";
import { mapCells, type MappedCells } from "./row-schema";
import { createTransactionRowParser, type StagedLine } from "./transaction-row";

/** What the pipeline needs to know about an import. */
export interface ImportSpec {
  id: string;
  kind: ImportKind;
  filePath: string;
  delimiter: Delimiter;
  headerLength: number;
  mapping: ColumnMapping;
  /** Code of the store that transaction rows with an empty store_code book to. */
  onlineStoreCode: string | null;
  /** The staff member who runs the import (the points it credits name them). */
  createdBy: string;
}

export interface PipelineOptions {
  now: Date;
  /** Read only the first rows (a preview). */
  limit?: number;
  /** Called after each batch with the rows read so far. */
  onProgress?: (processedRows: number) => Promise<void>;
  /** Sees each row's mapped cells as read (a preview shows them). */
  onRow?: (rowNumber: number, cells: MappedCells) => void;
  /** Tests: fail once everything is staged and checked, before anything is applied. */
  failAfterStage?: boolean;
  /** The loyalty program imported receipts earn in; the default program when absent (tests name their own). */
  programId?: string;
}

/** Rows parsed, validated and COPYed per round trip: big enough for COPY to pay, small enough to stay flat. */
const BATCH_ROWS = 5_000;

interface Batch {
  lines: StagedLine[];
  members: StagedMember[];
  badRows: Array<{ rowNumber: number; receiptId: string | null }>;
  errors: RowError[];
}

const emptyBatch = (): Batch => ({ lines: [], members: [], badRows: [], errors: [] });

function rowParser(spec: ImportSpec, now: Date) {
  if (spec.kind === "members") {
    const parse = createMemberRowParser(now);
    return (batch: Batch, rowNumber: number, cells: MappedCells) => {
      const result = parse(rowNumber, cells);
      if (result.ok) batch.members.push(result.value);
      else batch.errors.push(...result.errors);
    };
  }
  const parse = createTransactionRowParser(
    { now, decimalComma: spec.delimiter === ";", hasOnlineStore: spec.onlineStoreCode !== null },
    spec.mapping.line_no !== undefined,
  );
  return (batch: Batch, rowNumber: number, cells: MappedCells) => {
    const result = parse(rowNumber, cells);
    if (result.ok) batch.lines.push(result.value);
    else {
      batch.errors.push(...result.errors);
      batch.badRows.push({ rowNumber, receiptId: result.receiptId });
    }
  };
}

async function flush(raw: RawSession, spec: ImportSpec, batch: Batch): Promise<void> {
  await copyRowErrors(raw, spec.id, batch.errors);
  if (spec.kind === "members") await stageMembers(raw, batch.members);
  else await stageLines(raw, batch.lines, batch.badRows);
}

/**
 * Streams the file through parse -> map -> zod -> COPY into staging, then checks and applies it with
 * set-based SQL. Runs inside the caller's transaction (the import's one transaction, or a preview's that
 * is rolled back), so it writes everything or nothing.
 */
export async function processImport(raw: RawSession, spec: ImportSpec, options: PipelineOptions): Promise<ImportCounts> {
  await beginImportWork(raw, spec.id);
  if (spec.kind === "members") await createMemberStage(raw);
  else await createTransactionStage(raw);
  const handleRow = rowParser(spec, options.now);
  let batch = emptyBatch();
  let totalRows = 0;
  for await (const item of readCsvRows(spec.filePath, spec.delimiter)) {
    if ("header" in item) continue;
    if (options.limit !== undefined && totalRows >= options.limit) break;
    totalRows++;
    const cells = mapCells(item.cells, spec.mapping);
    options.onRow?.(item.rowNumber, cells);
    if (item.cells.length !== spec.headerLength) {
      const error: RowError = { rowNumber: item.rowNumber, field: "row", code: "field_count", value: null, params: { count: item.cells.length, expected: spec.headerLength } };
      batch.errors.push(error);
      batch.badRows.push({ rowNumber: item.rowNumber, receiptId: cells.receipt_id || null });
    } else {
      handleRow(batch, item.rowNumber, cells);
    }
    if (totalRows % BATCH_ROWS === 0) {
      await flush(raw, spec, batch);
      batch = emptyBatch();
      await options.onProgress?.(totalRows);
    }
  }
  await flush(raw, spec, batch);
  await options.onProgress?.(totalRows);
  return spec.kind === "members" ? applyMembers(raw, spec, totalRows, options) : applyTransactions(raw, spec, totalRows, options);
}

async function applyMembers(raw: RawSession, spec: ImportSpec, totalRows: number, options: PipelineOptions): Promise<ImportCounts> {
  await checkMemberStage(raw, { importId: spec.id });
  if (options.failAfterStage) throw new Error("forced failure after staging");
  const validRows = await countValidMembers(raw);
  const { insertedRows, updatedRows } = await applyMemberStage(raw);
  return {
    ...EMPTY_COUNTS,
    totalRows,
    validRows,
    invalidRows: await countInvalidRows(raw, spec.id),
    insertedRows,
    updatedRows,
    duplicateRows: validRows - insertedRows - updatedRows,
  };
}

async function applyTransactions(raw: RawSession, spec: ImportSpec, totalRows: number, options: PipelineOptions): Promise<ImportCounts> {
  await checkTransactionStage(raw, { importId: spec.id, onlineStoreCode: spec.onlineStoreCode });
  if (options.failAfterStage) throw new Error("forced failure after staging");
  const { validRows, validAmounts } = await summariseValidLines(raw);
  const applied = await applyTransactionStage(raw);
  const after = await afterTransactionsImported(raw.db, applied.insertedTransactionIds, {
    actor: { kind: "staff", id: spec.createdBy },
    now: options.now,
    programId: options.programId,
  });
  return {
    ...EMPTY_COUNTS,
    totalRows,
    validRows,
    invalidRows: await countInvalidRows(raw, spec.id),
    insertedRows: applied.insertedRows,
    duplicateRows: validRows - applied.insertedRows,
    insertedReceipts: applied.insertedReceipts,
    duplicateReceipts: applied.duplicateReceipts,
    validAmounts,
    awardedPoints: after.awardedPoints,
  };
}
