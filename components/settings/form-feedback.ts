import type { ActionResult } from "@/lib/errors";

/** Which form fields a failed action named, for messages beside them; the rest is a general error. */
export type FormErrors = { fields: ReadonlySet<string>; general: boolean } | null;

export function formErrorsOf(result: ActionResult<unknown>): FormErrors {
  if (result.ok) return null;
  const fields = new Set(Object.keys(result.fieldErrors ?? {}).map((path) => path.split(".")[0] ?? path));
  return { fields, general: fields.size === 0 };
}
