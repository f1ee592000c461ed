import "server-only";
import { unstable_rethrow } from "next/navigation";
import { AppError, errorResponse } from "@/lib/errors";
import { can, type Permission } from "./permissions";
import { getViewer, type Viewer } from "./session";

/** Which permission each staff route was defined with: the entry-point test reads it to try every wrong role. */
const routePermissions = new WeakMap<object, Permission>();

export function permissionOfStaffRoute(handler: unknown): Permission | undefined {
  return typeof handler === "function" ? routePermissions.get(handler) : undefined;
}

/**
 * Guards a staff-facing route handler (the UI's GET endpoints) with the same matrix as actions and pages.
 * Errors answer with one JSON envelope: { error: { code, message, fieldErrors? } }.
 */
export function staffRoute<C>(
  permission: Permission,
  handler: (request: Request, viewer: Viewer, context: C) => Promise<Response>,
): (request: Request, context: C) => Promise<Response> {
  const guarded = async (request: Request, context: C): Promise<Response> => {
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
  routePermissions.set(guarded, permission);
  return guarded;
}
