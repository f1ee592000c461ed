import "server-only";
import { unstable_rethrow } from "next/navigation";
import { NextResponse } from "next/server";
import { AppError, HTTP_STATUS } from "@/lib/errors";
import { errorResult } from "./action";
import { can, type Permission } from "./permissions";
import { getViewer, type Viewer } from "./session";

/**
 * Guards a staff-facing route handler (the UI's GET endpoints) with the same matrix as actions and pages.
 * Errors answer with one JSON envelope: { error: { code, message, fieldErrors? } }.
 */
export function staffRoute<C>(
  permission: Permission,
  handler: (request: Request, viewer: Viewer, context: C) => Promise<Response>,
): (request: Request, context: C) => Promise<Response> {
  return async (request, context) => {
    try {
      const viewer = await getViewer();
      if (!viewer) throw new AppError("unauthorized", "Sign in first.");
      if (!can(viewer.role, permission)) throw new AppError("forbidden", "Your role does not allow this.");
      return await handler(request, viewer, context);
    } catch (error) {
      unstable_rethrow(error);
      const result = errorResult(error);
      if (result.ok) throw new Error("unreachable");
      return NextResponse.json(
        { error: { code: result.code, message: result.message, fieldErrors: result.fieldErrors } },
        { status: HTTP_STATUS[result.code] },
      );
    }
  };
}
