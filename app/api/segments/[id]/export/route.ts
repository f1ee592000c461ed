import { getDb } from "@/db";
import { recordAudit, staffActor } from "@/db/queries/audit";
import { getSegment } from "@/db/queries/segments";
import { exportSegmentMembers } from "@/db/queries/segments-members";
import { staffRoute } from "@/lib/auth/route";
import { AppError } from "@/lib/errors";

type Context = { params: Promise<{ id: string }> };

/**
 * GET /api/segments/<id>/export: the segment's members within the caller's scope as CSV, streamed in
 * batches (constant memory for any size). Exporting personal data is audited.
 */
export const GET = staffRoute("members:export", async (request, viewer, context: Context) => {
  const { id } = await context.params;
  const db = await getDb();
  const segment = await getSegment(db, { id });
  if (!segment) throw new AppError("not_found", "No such segment.");
  await recordAudit(db, { actor: staffActor(viewer), action: "segment.export", entityType: "segment", entityId: segment.id, after: { scope: viewer.scope } });
  const lines = exportSegmentMembers(db, { segmentId: segment.id, scope: viewer.scope });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const filename = `segment-${segment.name.replace(/[^\p{L}\p{N}_-]+/gu, "-").slice(0, 60) || segment.id}.csv`;
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^\x20-\x7e]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "cache-control": "no-store",
    },
  });
});
