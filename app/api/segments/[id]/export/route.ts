import { getDb } from "@/db";
import { recordAudit, staffActor } from "@/db/queries/audit";
import { getSegment } from "@/db/queries/segments";
import { exportSegmentMembers } from "@/db/queries/segments-members";
import { staffRoute } from "@/lib/auth/route";
import { csvDownload } from "@/lib/csv-download";
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
  const filename = `segment-${segment.name.replace(/[^\p{L}\p{N}_-]+/gu, "-").slice(0, 60) || segment.id}.csv`;
  return csvDownload(lines, filename);
});
