import { getDb } from "@/db";
import { staffActor } from "@/db/queries/audit";
import { staffRoute } from "@/lib/auth/route";
import { exportMember } from "@/lib/privacy/export";

/**
 * A member's data as a ZIP, for staff answering an access request. POST (a form on the member page), not
 * GET: a link on another site cannot make an admin's browser export (and log) anything.
 */
export const POST = staffRoute<{ params: Promise<{ id: string }> }>("privacy:requests", async (_request, viewer, { params }) => {
  const { id } = await params;
  const { fileName, zip } = await exportMember(await getDb(), { memberId: id, scope: viewer.scope, actor: staffActor(viewer) });
  return new Response(new Blob([zip as BlobPart], { type: "application/zip" }), {
    headers: {
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
});
