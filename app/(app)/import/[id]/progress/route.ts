import { NextResponse } from "next/server";
import { getDbHandle } from "@/db";
import { getImportProgress } from "@/db/queries/imports";
import { staffRoute } from "@/lib/auth/route";
import { AppError } from "@/lib/errors";
import { settleInterruptedImport } from "@/lib/import/run";
import type { ProgressResponse } from "@/lib/import/types";

/** Polled by the import page while an import runs (components/import/import-progress.tsx). */
export const GET = staffRoute<{ params: Promise<{ id: string }> }>("imports:run", async (_request, _viewer, { params }) => {
  const { id } = await params;
  const handle = await getDbHandle();
  let progress = await getImportProgress(handle.db, { id });
  if (!progress) throw new AppError("not_found", "No such import.");
  if (await settleInterruptedImport(handle, id, progress.status)) progress = await getImportProgress(handle.db, { id });
  return NextResponse.json(progress satisfies ProgressResponse | null, { headers: { "cache-control": "no-store" } });
});
