import type { ReactNode } from "react";
import { cn } from "./cn";

/** A form's outcome line: an error (role alert) or a success note (role status); nothing when empty. */
export function FormStatus({ error, success, className }: { error?: ReactNode; success?: ReactNode; className?: string }) {
  if (error) {
    return (
      <p role="alert" className={cn("text-sm text-red-700 dark:text-red-400", className)}>
        {error}
      </p>
    );
  }
  if (success) {
    return (
      <p role="status" className={cn("text-sm text-emerald-800 dark:text-emerald-300", className)}>
        {success}
      </p>
    );
  }
  return null;
}
