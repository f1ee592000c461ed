import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { parse } from "csv-parse";

export const DELIMITERS = [",", ";", "\t"] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** A file the import cannot read at all, as opposed to a file with bad rows. */
export class CsvFileError extends Error {
  constructor(
    readonly reason: "encoding" | "syntax" | "empty",
    /** The row (record) where reading stopped, header = 1. */
    readonly row: number,
    message: string,
  ) {
    super(message);
    this.name = "CsvFileError";
  }
}

/**
 * The delimiter of a file from its first line: whichever of comma, semicolon and tab occurs most often
 * outside quotes (a spreadsheet in a locale that writes 12,50 saves with semicolons).
 */
export function detectDelimiter(sample: string): Delimiter {
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of sample.replace(/^\uFEFF/, "")) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && counts.has(char as Delimiter)) counts.set(char as Delimiter, (counts.get(char as Delimiter) ?? 0) + 1);
  }
  let best: Delimiter = ",";
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

export async function sniffDelimiter(path: string): Promise<Delimiter> {
  const file = await open(path, "r");
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    return detectDelimiter(buffer.subarray(0, bytesRead).toString("utf8"));
  } finally {
    await file.close();
  }
}

/** Rejects bytes that are not UTF-8 instead of reading them as U+FFFD; a leading BOM is dropped. */
async function* decodeUtf8(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for await (const chunk of chunks) yield decoder.decode(chunk, { stream: true });
  const tail = decoder.decode();
  if (tail) yield tail;
}

function toFileError(error: unknown, row: number): Error {
  const code = typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : "";
  if (code === "ERR_ENCODING_INVALID_ENCODED_DATA") return new CsvFileError("encoding", row + 1, "The file is not UTF-8 text.");
  if (code.startsWith("CSV_")) return new CsvFileError("syntax", row + 1, (error as Error).message);
  return error instanceof Error ? error : new Error(String(error));
}

export interface CsvRecord {
  /** Spreadsheet numbering: the header is row 1; a blank line still takes a number. */
  rowNumber: number;
  cells: string[];
}

/**
 * Streams the records of a CSV file (RFC 4180 quoting, fields may span lines) with csv-parse. Memory stays
 * flat whatever the file's size; breaking out of the loop closes the file.
 */
export async function* readCsvRecords(path: string, delimiter: Delimiter): AsyncGenerator<CsvRecord> {
  const parser = parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
  // Errors reach the loop below through the parser, which the pipeline destroys with them.
  const done = pipeline(createReadStream(path), decodeUtf8, parser).catch(() => undefined);
  let rowNumber = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      rowNumber++;
      yield { rowNumber, cells };
    }
  } catch (error) {
    throw toFileError(error, rowNumber);
  }
  await done;
}

const isBlank = (cells: readonly string[]) => cells.every((cell) => cell.trim() === "");

/** The header and then the data rows, blank rows left out (they keep their row numbers). */
export async function* readCsvRows(path: string, delimiter: Delimiter): AsyncGenerator<{ header: string[] } | CsvRecord> {
  let header = true;
  for await (const record of readCsvRecords(path, delimiter)) {
    if (header) {
      if (isBlank(record.cells)) throw new CsvFileError("empty", 1, "The first row must name the columns.");
      header = false;
      yield { header: record.cells.map((c) => c.trim()) };
    } else if (!isBlank(record.cells)) {
      yield record;
    }
  }
  if (header) throw new CsvFileError("empty", 1, "The file is empty.");
}

export interface CsvFileInfo {
  delimiter: Delimiter;
  header: string[];
  /** Data rows, blank ones not counted. */
  totalRows: number;
  /** The first few data rows, to show beside the column mapping. */
  sampleRows: string[][];
}

const SAMPLE_ROWS = 3;

/** Reads the whole file once: its delimiter, header and number of data rows; throws CsvFileError. */
export async function inspectCsvFile(path: string): Promise<CsvFileInfo> {
  const delimiter = await sniffDelimiter(path);
  let header: string[] = [];
  let totalRows = 0;
  const sampleRows: string[][] = [];
  for await (const item of readCsvRows(path, delimiter)) {
    if ("header" in item) header = item.header;
    else if (++totalRows <= SAMPLE_ROWS) sampleRows.push(item.cells);
  }
  return { delimiter, header, totalRows, sampleRows };
}
