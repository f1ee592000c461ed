import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import type { CampaignFormValues } from "./form-values";

/** What every part of the builder gets: the values, a way to change some, and the last save's error per field. */
export interface PartProps {
  values: CampaignFormValues;
  set: (patch: Partial<CampaignFormValues>) => void;
  /** The error for a field of the campaign ("budget", "variants.0.rewardId"), if the last save named it. */
  error: (field: string) => string | undefined;
}

const errorText = "text-sm text-red-700 dark:text-red-400";

export function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

/** A card of the builder with its own heading (h2), so the page reads as an outline. */
export function BuilderSection({ id, title, description, children }: { id: string; title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <Card aria-labelledby={id}>
      <CardHeader title={<span id={id}>{title}</span>} description={description} />
      <div className="grid gap-4 md:grid-cols-2">{children}</div>
    </Card>
  );
}

export function Hint({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={`${id}-hint`} className="text-xs text-[var(--text-muted)]">
      {children}
    </p>
  );
}

/** A labelled input with its hint and error, both tied to it for screen readers. */
export function InputField({ id, label, hint, error, ...props }: { id: string; label: ReactNode; hint?: ReactNode; error?: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field id={id} label={label} error={error}>
      <Input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...props} />
      {hint ? <Hint id={id}>{hint}</Hint> : null}
    </Field>
  );
}

export function SelectField({
  id,
  label,
  hint,
  error,
  options,
  ...props
}: { id: string; label: ReactNode; hint?: ReactNode; error?: string; options: ReadonlyArray<{ value: string; label: string }> } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Field id={id} label={label} error={error}>
      <Select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...props}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
      {hint ? <Hint id={id}>{hint}</Hint> : null}
    </Field>
  );
}

/** One choice among a few, as radio buttons under a legend. */
export function RadioGroup<V extends string>({
  name,
  legend,
  value,
  options,
  onChange,
  error,
  className,
}: {
  name: string;
  legend: string;
  value: V;
  options: ReadonlyArray<{ value: V; label: string }>;
  onChange: (value: V) => void;
  error?: string;
  className?: string;
}) {
  return (
    <fieldset className={className}>
      <legend className="mb-1.5 text-sm font-medium">{legend}</legend>
      <div className="flex flex-wrap gap-x-5 gap-y-2">
        {options.map((o) => (
          <label key={o.value} className="inline-flex items-center gap-2 text-sm">
            <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} className="size-4" />
            {o.label}
          </label>
        ))}
      </div>
      {error ? <p className={errorText}>{error}</p> : null}
    </fieldset>
  );
}

export function FieldMessage({ message, id }: { message?: string; id?: string }) {
  return message ? (
    <p id={id} className={errorText}>
      {message}
    </p>
  ) : null;
}
