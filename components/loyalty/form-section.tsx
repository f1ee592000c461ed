import type { ReactNode } from "react";

/** A titled group of a two-column form (GridForm): spans both columns, its fields flow in a grid inside. */
export function FormSection({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <fieldset className="grid gap-4 border-t border-[var(--border)] pt-4 md:col-span-2 md:grid-cols-2">
      <legend className="float-start w-full pb-1 text-sm font-semibold md:col-span-2">
        {title}
        {description ? <span className="mt-0.5 block text-xs font-normal text-[var(--text-muted)]">{description}</span> : null}
      </legend>
      {children}
    </fieldset>
  );
}
