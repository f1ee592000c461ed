import "server-only";
import { unstable_rethrow } from "next/navigation";
import { NextResponse } from "next/server";
import { AppError, HTTP_STATUS } from "@/lib/errors";
import { errorResult } from "./action";
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
      const result = errorResult(error);
      if (result.ok) throw new Error("unreachable");
      return NextResponse.json(
        { error: { code: result.code, message: result.message, fieldErrors: result.fieldErrors } },
        { status: HTTP_STATUS[result.code] },
      );
    }
  };
  routePermissions.set(guarded, permission);
  return guarded;
}
