import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Db } from "@/db/client";
import { createImport, deleteUnstartedImports, listAbandonedUploads } from "@/db/queries/imports";
import type { ImportKind } from "@/db/schema/imports";
import { AppError } from "@/lib/errors";
import { CsvFileError, inspectCsvFile, type CsvFileInfo } from "./csv-file";

/** 100 MB is about a million transaction rows; IMPORT_MAX_BYTES raises or lowers it. */
export function maxImportBytes(): number {
  const configured = Number(process.env.IMPORT_MAX_BYTES);
  return Number.isFinite(configured) && configured > 0 ? configured : 100 * 1024 * 1024;
}

/** Uploads wait here until their import runs (IMPORT_DIR, else .data/imports). */
export function importDirectory(): string {
  return process.env.IMPORT_DIR ?? path.join(process.cwd(), ".data", "imports");
}

/** An upload nobody imported within a day is dropped, file and row, at the next upload. */
const ABANDONED_AFTER_MS = 86_400_000;

export class UploadTooLargeError extends Error {}

/** Streams a body to disk, hashing it on the way and stopping at the size limit. */
export async function saveStream(body: ReadableStream<Uint8Array>, target: string, maxBytes: number): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) return callback(new UploadTooLargeError(`larger than ${maxBytes} bytes`));
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(body as Parameters<typeof Readable.fromWeb>[0]), meter, createWriteStream(target));
  } catch (error) {
    await rm(target, { force: true });
    throw error;
  }
  return { sha256: hash.digest("hex"), bytes };
}

export interface UploadedImport extends CsvFileInfo {
  id: string;
  sha256: string;
}

/**
 * Stores an uploaded CSV and records it as an import waiting for its mapping. A file that is not UTF-8
 * CSV, has no header or exceeds the size limit is refused here, before anyone maps a column.
 */
export async function acceptUpload(
  db: Db,
  params: { kind: ImportKind; fileName: string; body: ReadableStream<Uint8Array>; createdBy: string },
): Promise<UploadedImport> {
  const dir = importDirectory();
  await mkdir(dir, { recursive: true });
  await dropAbandonedUploads(db);
  const filePath = path.join(dir, `${randomUUID()}.csv`);
  const max = maxImportBytes();
  let saved: { sha256: string; bytes: number };
  try {
    saved = await saveStream(params.body, filePath, max);
  } catch (error) {
    if (error instanceof UploadTooLargeError) throw new AppError("invalid_input", `The file is larger than ${Math.round(max / 1024 / 1024)} MB.`, { file: ["too_large"] });
    throw error;
  }
  let info: CsvFileInfo;
  try {
    info = await inspectCsvFile(filePath);
  } catch (error) {
    await rm(filePath, { force: true });
    if (error instanceof CsvFileError) throw new AppError("invalid_input", `Row ${error.row}: ${error.message}`, { file: [error.reason], row: [String(error.row)] });
    throw error;
  }
  if (info.totalRows === 0) {
    await rm(filePath, { force: true });
    throw new AppError("invalid_input", "The file has a header but no rows.", { file: ["no_rows"] });
  }
  const id = await createImport(db, {
    kind: params.kind,
    fileName: params.fileName.slice(0, 255),
    fileSha256: saved.sha256,
    fileBytes: saved.bytes,
    filePath,
    delimiter: info.delimiter,
    header: info.header,
    totalRows: info.totalRows,
    createdBy: params.createdBy,
  });
  return { id, sha256: saved.sha256, ...info };
}

async function dropAbandonedUploads(db: Db): Promise<void> {
  const stale = await listAbandonedUploads(db, { before: new Date(Date.now() - ABANDONED_AFTER_MS) });
  for (const upload of stale) if (upload.filePath) await rm(upload.filePath, { force: true });
  await deleteUnstartedImports(db, { ids: stale.map((u) => u.id) });
}
