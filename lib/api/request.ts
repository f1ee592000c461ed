import type { z } from "zod";
import { AppError, zodFieldErrors } from "@/lib/errors";

/** A batch of 1,000 receipts with their lines stays well under this. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

function bodyError(message: string): AppError {
  return new AppError("invalid_input", message, { _: [message] });
}

/** The request's JSON body; 400 when it is missing, too large or not JSON. */
export async function readJsonBody(request: Request): Promise<unknown> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) throw bodyError(`The body is larger than ${MAX_BODY_BYTES} bytes.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw bodyError(`The body is larger than ${MAX_BODY_BYTES} bytes.`);
  if (text.trim() === "") throw bodyError("Send a JSON body (Content-Type: application/json).");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw bodyError("The body is not valid JSON.");
  }
}

/** Parses one part of a request (path parameters, query, body); 400 naming every bad field by its path. */
export function parseInput(schema: z.ZodType | undefined, value: unknown): unknown {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fieldErrors = zodFieldErrors(parsed.error);
  throw new AppError("invalid_input", `Invalid request: ${Object.keys(fieldErrors).join(", ")}.`, fieldErrors);
}
