"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { z } from "zod";
import { getDbHandle } from "@/db";
import { getImportJob, getImportProgress, saveImportMapping } from "@/db/queries/imports";
import { defineAction } from "@/lib/auth/action";
import { AppError } from "@/lib/errors";
import { mappingProblems } from "@/lib/import/fields";
import { claimImportRun, executeImport, previewImport } from "@/lib/import/run";
import type { PreviewResponse } from "@/lib/import/types";

/** Rows a preview checks and shows; the import itself reads every row. */
const PREVIEW_ROWS = 50;

const mappingInput = z.object({
  importId: z.guid(),
  mapping: z.record(z.string(), z.number().int().min(0).max(10_000)),
  onlineStoreId: z.guid().nullable(),
});

/** Saves the mapping after checking it against the file's header; names the fields that need a column. */
async function saveMapping(input: z.infer<typeof mappingInput>) {
  const handle = await getDbHandle();
  const job = await getImportJob(handle.db, { id: input.importId });
  if (!job) throw new AppError("not_found", "No such import.");
  if (job.status !== "uploaded") throw new AppError("conflict", "This import has already been started.");
  const { missing, invalid } = mappingProblems(job.kind, input.mapping, job.header.length);
  if (missing.length > 0 || invalid.length > 0) {
    const fieldErrors = Object.fromEntries([...missing.map((f) => [f, ["missing"]]), ...invalid.map((f) => [f, ["invalid"]])]);
    throw new AppError("invalid_input", `Choose a column for: ${[...missing, ...invalid].join(", ")}.`, fieldErrors);
  }
  await saveImportMapping(handle.db, { id: input.importId, mapping: input.mapping, onlineStoreId: job.kind === "transactions" ? input.onlineStoreId : null });
  return handle;
}

/** Dry-runs the first rows with the chosen mapping, exactly as the import will, and rolls it back. */
export const previewImportAction = defineAction({
  permission: "imports:run",
  input: mappingInput,
  handler: async (input): Promise<PreviewResponse> => {
    const handle = await saveMapping(input);
    const [preview, progress] = await Promise.all([
      previewImport(handle, input.importId, { limit: PREVIEW_ROWS }),
      getImportProgress(handle.db, { id: input.importId }),
    ]);
    return {
      rows: preview.rows.map((r) => ({ rowNumber: r.rowNumber, cells: r.cells, errors: r.errors.map(({ rowNumber: _row, ...e }) => e) })),
      counts: preview.counts,
      totalRows: progress?.totalRows ?? preview.counts.totalRows,
    };
  },
});

/**
 * Starts the import and returns at once: the work runs after the response (next/server `after`) in this
 * server process, and the import page polls its progress.
 */
export const startImportAction = defineAction({
  permission: "imports:run",
  input: mappingInput,
  handler: async (input) => {
    const handle = await saveMapping(input);
    const claimed = await claimImportRun(handle, input.importId);
    after(async () => {
      // Failures are recorded on the import (status failed, with the reason) by executeImport.
      await executeImport(handle, claimed).catch(() => undefined);
    });
    revalidatePath("/import");
    return { id: input.importId };
  },
});
