"use client";

import { useTranslations } from "next-intl";
import { useActionState, type ReactNode } from "react";
import type { ActionResult, ErrorCode } from "@/lib/errors";
import { cn } from "@/components/ui/cn";

type State<T> = ActionResult<T> | null;

/**
 * A form that runs one server action (built with defineAction) and says how it went: a translated
 * message per error code (a caller may name its own, e.g. for a conflict), field errors by field name,
 * and an optional success message or rendering of the result.
 */
export function ActionForm<T>({
  action,
  children,
  success,
  errorText,
  className,
  testId,
}: {
  action: (input: FormData) => Promise<ActionResult<T>>;
  children: ReactNode | ((pending: boolean) => ReactNode);
  success?: string | ((data: T) => ReactNode);
  errorText?: Partial<Record<ErrorCode, string>>;
  className?: string;
  testId?: string;
}) {
  const t = useTranslations("privacy.errors");
  const [state, formAction, pending] = useActionState<State<T>, FormData>(async (_previous, data) => action(data), null);
  const fields = state && !state.ok && state.fieldErrors ? Object.keys(state.fieldErrors).join(", ") : "";
  return (
    <form action={formAction} className={className} data-testid={testId}>
      {typeof children === "function" ? children(pending) : children}
      {state && !state.ok ? (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {errorText?.[state.code] ?? t(state.code)}
          {fields ? ` (${fields})` : null}
        </p>
      ) : null}
      {state?.ok && success ? (
        <div role="status" className={cn("mt-2 text-sm", typeof success === "string" && "text-emerald-800 dark:text-emerald-300")}>
          {typeof success === "string" ? success : success(state.data)}
        </div>
      ) : null}
    </form>
  );
}
