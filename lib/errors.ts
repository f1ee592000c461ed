import type { z } from "zod";

/** The error codes every action result and API response speaks. */
export type ErrorCode = "unauthorized" | "forbidden" | "not_found" | "conflict" | "invalid_input" | "rate_limited" | "internal";

export const HTTP_STATUS: Record<ErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_input: 400,
  rate_limited: 429,
  internal: 500,
};

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode; message: string; fieldErrors?: FieldErrors };

/** Whether a database error (postgres.js, PGlite, wrapped by Drizzle) carries this SQLSTATE. */
export function hasSqlState(error: unknown, sqlState: string): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    if (typeof current === "object" && "code" in current && (current as { code: unknown }).code === sqlState) return true;
    current = typeof current === "object" && "cause" in current ? (current as { cause: unknown }).cause : undefined;
  }
  return false;
}

/** SQLSTATE 23505, a unique violation. */
export function isUniqueViolation(error: unknown): boolean {
  return hasSqlState(error, "23505");
}

/** Turns an error into the result shape; unexpected errors are logged and shown as a plain message. */
export function errorResult(error: unknown): ActionResult<never> {
  if (error instanceof AppError) return { ok: false, code: error.code, message: error.message, fieldErrors: error.fieldErrors };
  if (isUniqueViolation(error)) return { ok: false, code: "conflict", message: "That already exists." };
  console.error(error);
  return { ok: false, code: "internal", message: "Something went wrong. Please try again." };
}

/** Zod's path as `events.3.occurredAt`; `_` for the whole input. */
export function dottedFieldPath(path: readonly PropertyKey[]): string {
  return path.map(String).join(".") || "_";
}

/**
 * Zod issues grouped by the field they concern. The key is the dotted path by default; a domain with its own
 * convention passes its formatter (the loyalty API names fields `[12].lines[0].amount`).
 */
export function zodFieldErrors(error: z.ZodError, keyOf: (path: readonly PropertyKey[]) => string = dottedFieldPath): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[keyOf(issue.path)] ??= []).push(issue.message);
  return out;
}

/** A domain's finer code beside `code`, e.g. the ledger's `insufficient_points` (LoyaltyError.reason). */
function reasonOf(error: unknown): string | undefined {
  const reason = error instanceof AppError && "reason" in error ? error.reason : undefined;
  return typeof reason === "string" ? reason : undefined;
}

/**
 * The one JSON error envelope of every route handler (staff routes and the public API):
 * `{ error: { code, message, fieldErrors?, reason? } }` with the code's HTTP status.
 */
export function errorResponse(error: unknown, headers?: HeadersInit): Response {
  const result = errorResult(error);
  if (result.ok) throw new Error("unreachable");
  return Response.json(
    { error: { code: result.code, message: result.message, fieldErrors: result.fieldErrors, reason: reasonOf(error) } },
    { status: HTTP_STATUS[result.code], headers },
  );
}
