import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

const errorText = "text-sm text-red-700 dark:text-red-400";

/** The settings forms' two-column form: validated on the server (noValidate), submitted without a reload. */
export function GridForm({ onSubmit, children }: { onSubmit: (form: HTMLFormElement) => void; children: ReactNode }) {
  return (
    <form
      noValidate
      className="grid gap-4 md:grid-cols-2"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(event.currentTarget);
      }}
    >
      {children}
    </form>
  );
}

/** Checkboxes sharing one form name, with a legend and the group's error. */
export function CheckboxGroup({
  legend,
  name,
  options,
  error,
  className,
  defaultValues,
}: {
  legend: string;
  name: string;
  options: ReadonlyArray<{ value: string; label: ReactNode }>;
  error?: string;
  className?: string;
  /** The values ticked at first. */
  defaultValues?: readonly string[];
}) {
  return (
    <fieldset className={cn("space-y-2", className)}>
      <legend className="text-sm font-medium">{legend}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-2">
        {options.map((option) => (
          <label key={option.value} className="inline-flex items-center gap-2 text-sm">
            <input type="checkbox" name={name} value={option.value} defaultChecked={defaultValues?.includes(option.value)} className="size-4" />
            {option.label}
          </label>
        ))}
      </div>
      {error ? <p className={errorText}>{error}</p> : null}
    </fieldset>
  );
}

export function FieldError({ message }: { message?: string }) {
  return message ? <p className={errorText}>{message}</p> : null;
}

/** The general error of a form (one no field explains) and its submit button. */
export function FormFooter({ generalError, pending, label, pendingLabel }: { generalError: string | null; pending: boolean; label: string; pendingLabel: string }) {
  return (
    <>
      {generalError ? (
        <p role="alert" className={cn(errorText, "md:col-span-2")}>
          {generalError}
        </p>
      ) : null}
      <div className="md:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? pendingLabel : label}
        </Button>
      </div>
    </>
  );
}
