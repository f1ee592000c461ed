import "server-only";
import { unstable_rethrow } from "next/navigation";
import { AppError, errorResponse } from "@/lib/errors";
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
      return errorResponse(error);
    }
  };
}
