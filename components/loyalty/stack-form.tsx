import type { ReactNode } from "react";

/** A one-column form checked on the server (noValidate) and submitted without a reload. */
export function StackForm({ label, onSubmit, className = "space-y-3", children }: { label: string; onSubmit: (form: HTMLFormElement) => void; className?: string; children: ReactNode }) {
  return (
    <form
      noValidate
      aria-label={label}
      className={className}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(event.currentTarget);
      }}
    >
      {children}
    </form>
  );
}
