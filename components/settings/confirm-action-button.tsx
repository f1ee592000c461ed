"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/errors";

/** A button that asks first, then runs a server action; the page refreshes through the action's revalidation. */
export function ConfirmActionButton({
  label,
  pendingLabel,
  confirm,
  failed,
  run,
  variant = "secondary",
}: {
  label: string;
  pendingLabel: string;
  /** Asked with the browser's confirm dialog; null runs at once. */
  confirm: string | null;
  failed: string;
  run: () => Promise<ActionResult<unknown>>;
  variant?: "primary" | "secondary" | "ghost";
}) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState(false);
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <Button
        type="button"
        variant={variant}
        disabled={pending}
        className="px-2.5 py-1 text-xs"
        onClick={() => {
          if (confirm !== null && !window.confirm(confirm)) return;
          startTransition(async () => setError(!(await run()).ok));
        }}
      >
        {pending ? pendingLabel : label}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {failed}
        </span>
      ) : null}
    </span>
  );
}
