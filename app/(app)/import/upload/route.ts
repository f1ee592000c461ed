import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { findEarlierImportOfFile } from "@/db/queries/imports";
import { importKind } from "@/db/schema/imports";
import { staffRoute } from "@/lib/auth/route";
import { AppError } from "@/lib/errors";
import { suggestMapping } from "@/lib/import/fields";
import type { UploadResponse } from "@/lib/import/types";
import { acceptUpload, maxImportBytes } from "@/lib/import/upload";

const headersSchema = z.object({
  kind: z.enum(importKind.enumValues),
  fileName: z.string().trim().min(1).max(255),
});

/**
 * Takes the CSV as the raw request body, streamed to disk (a server action would buffer the whole file
 * in memory and is capped at 1 MB by default). The kind and name come in headers; a cross-site form
 * cannot set those without a CORS preflight, which this route does not answer, so the custom header is
 * also what keeps another site from posting files here with a staff member's cookie.
 */
export const POST = staffRoute("imports:run", async (request, viewer) => {
  const parsed = headersSchema.safeParse({
    kind: request.headers.get("x-import-kind"),
    fileName: decodeURIComponent(request.headers.get("x-file-name") ?? ""),
  });
  if (!parsed.success) throw new AppError("invalid_input", "Choose what the file holds and the file.", { file: ["kind"] });
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > maxImportBytes()) throw new AppError("invalid_input", "The file is too large.", { file: ["too_large"] });
  if (!request.body) throw new AppError("invalid_input", "The file is empty.", { file: ["empty"] });
  const db = await getDb();
  const upload = await acceptUpload(db, { kind: parsed.data.kind, fileName: parsed.data.fileName, body: request.body, createdBy: viewer.id });
  const earlier = await findEarlierImportOfFile(db, { sha256: upload.sha256, kind: parsed.data.kind, before: upload.id });
  const response: UploadResponse = {
    id: upload.id,
    kind: parsed.data.kind,
    fileName: parsed.data.fileName,
    delimiter: upload.delimiter,
    header: upload.header,
    totalRows: upload.totalRows,
    sampleRows: upload.sampleRows,
    suggestedMapping: suggestMapping(parsed.data.kind, upload.header),
    importedBefore: earlier?.finishedAt?.toISOString() ?? null,
  };
  return NextResponse.json(response, { status: 201 });
});
