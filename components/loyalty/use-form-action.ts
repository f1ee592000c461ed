"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/errors";
import { formFieldErrors } from "@/lib/loyalty/form-values";

/**
 * Runs a server action for a loyalty form and keeps its result: field errors keyed as the form names its
 * fields (`conditions.timeTo`), translated from `loyalty.fieldErrors.<form>.<field>` when the catalogue
 * explains the field, else the server's own message; and one general message for the rest.
 */
export function useFormAction<I, T>(action: (input: I) => Promise<ActionResult<T>>, form: "rule" | "tier" | "policy" | "reward" | "codes" | "adjust" | "redeem") {
  const t = useTranslations("loyalty");
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<T> | null>(null);
  const fields = result && !result.ok ? formFieldErrors(result.fieldErrors) : {};

  function run(input: I, onSuccess?: (data: T) => void): void {
    startTransition(async () => {
      const outcome = await action(input);
      setResult(outcome);
      if (outcome.ok) onSuccess?.(outcome.data);
    });
  }

  /** The error to show next to a field, if the last run named it. */
  function fieldError(field: string): string | undefined {
    const message = fields[field];
    if (message === undefined) return undefined;
    const key = `fieldErrors.${form}.${field}`;
    return t.has(key) ? t(key) : message;
  }

  /** The message for the form as a whole: which fields to correct, or why it failed. */
  const generalError = result && !result.ok ? (Object.keys(fields).length > 0 ? t("errors.fields", { fields: Object.keys(fields).length }) : t(`errors.${result.code}`)) : null;

  return { pending, result, run, fieldError, generalError, reset: () => setResult(null) };
}
