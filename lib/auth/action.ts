import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { AppError, errorResult, zodFieldErrors, type ActionResult } from "@/lib/errors";
import { can, type Permission } from "./permissions";
import { getViewer, type Viewer } from "./session";

type ActionInput = FormData | Record<string, unknown> | undefined;

function toObject(input: ActionInput): Record<string, unknown> {
  if (input instanceof FormData) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of input.entries()) if (typeof value === "string") out[key] = value;
    return out;
  }
  return input ?? {};
}

// Kept importable from here for existing callers; they live in lib/errors.ts beside the envelope.
export { errorResult, zodFieldErrors };

/** Which permission each action was defined with: the entry-point test reads it to try every wrong role. */
const actionPermissions = new WeakMap<object, Permission | "signed_in">();

export function permissionOfAction(action: unknown): Permission | "signed_in" | undefined {
  return typeof action === "function" ? actionPermissions.get(action) : undefined;
}

/**
 * The only way to write a server action: session -> permission from the matrix -> zod parse -> handler ->
 * typed result. Export the returned function from a "use server" file.
 */
export function defineAction<S extends z.ZodType, T>(options: {
  /** A permission from the matrix, or "signed_in" for what every staff member may do (signing out). */
  permission: Permission | "signed_in";
  input: S;
  handler: (input: z.infer<S>, viewer: Viewer) => Promise<T>;
}): (input?: ActionInput) => Promise<ActionResult<T>> {
  const action = async (input?: ActionInput): Promise<ActionResult<T>> => {
    try {
      const viewer = await getViewer();
      if (!viewer) throw new AppError("unauthorized", "Please sign in again.");
      if (options.permission !== "signed_in" && !can(viewer.role, options.permission)) throw new AppError("forbidden", "Your role does not allow this.");
      const parsed = options.input.safeParse(toObject(input));
      if (!parsed.success) {
        const fieldErrors = zodFieldErrors(parsed.error);
        const fields = Object.keys(fieldErrors).join(", ");
        throw new AppError("invalid_input", `Please check: ${fields}.`, fieldErrors);
      }
      return { ok: true, data: await options.handler(parsed.data, viewer) };
    } catch (error) {
      unstable_rethrow(error); // redirect() and notFound() are thrown on purpose
      return errorResult(error);
    }
  };
  actionPermissions.set(action, options.permission);
  return action;
}
