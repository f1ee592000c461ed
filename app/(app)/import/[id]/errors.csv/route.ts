import { getTranslations } from "next-intl/server";
import { getDb } from "@/db";
import { getImportSummary, iterateImportErrors } from "@/db/queries/imports";
import { encodeCsvRow } from "@/db/csv";
import { staffRoute } from "@/lib/auth/route";
import { AppError } from "@/lib/errors";
import { resolveLocale } from "@/lib/i18n/request";
import { rowErrorText } from "@/components/import/row-error-text";

/**
 * A spreadsheet opens a cell that starts with = + - @ as a formula; a value copied from an uploaded file
 * must come back as text (CSV injection), so such cells get a leading apostrophe.
 */
function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The bad rows of an import as CSV, in the downloader's language, streamed a page at a time. */
export const GET = staffRoute<{ params: Promise<{ id: string }> }>("imports:run", async (_request, _viewer, { params }) => {
  const { id } = await params;
  const db = await getDb();
  const summary = await getImportSummary(db, { id });
  if (!summary) throw new AppError("not_found", "No such import.");
  const t = await getTranslations({ locale: await resolveLocale(), namespace: "import" });
  const encoder = new TextEncoder();
  const errors = iterateImportErrors(db, { importId: id });
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      // A BOM, so spreadsheet programs read the file as UTF-8.
      controller.enqueue(encoder.encode(`\uFEFF${encodeCsvRow([t("csv.row"), t("csv.field"), t("csv.value"), t("csv.problem")])}`));
    },
    async pull(controller) {
      const next = await errors.next();
      if (next.done) return controller.close();
      const e = next.value;
      controller.enqueue(encoder.encode(encodeCsvRow([e.rowNumber, e.field, safeCell(e.value ?? ""), safeCell(rowErrorText(t, e))])));
    },
  });
  const name = summary.fileName.replace(/\.csv$/i, "").replace(/[^\w.-]+/g, "_");
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}-bad-rows.csv"`,
      "cache-control": "no-store",
    },
  });
});
