import type { ImportKind, ImportStatus } from "@/db/schema/imports";
import type { ImportCounts } from "@/db/queries/imports-stage";
import type { RowErrorParams } from "./row-errors";

/**
 * What the import routes and actions hand to the browser. Kept free of server code so the client
 * components can import the types.
 */

/** An accepted upload, as the mapping step needs it (POST /import/upload). */
export interface UploadResponse {
  id: string;
  kind: ImportKind;
  fileName: string;
  delimiter: string;
  header: string[];
  totalRows: number;
  sampleRows: string[][];
  suggestedMapping: Record<string, number>;
  /** When the same file (by SHA-256) was imported before. */
  importedBefore: string | null;
}

/** GET /import/[id]/progress. */
export interface ProgressResponse {
  status: ImportStatus;
  totalRows: number;
  processedRows: number;
}

export interface PreviewError {
  field: string;
  code: string;
  value: string | null;
  params: RowErrorParams;
}

export interface PreviewResponse {
  rows: Array<{ rowNumber: number; cells: Record<string, string | undefined>; errors: PreviewError[] }>;
  counts: ImportCounts;
  totalRows: number;
}
