"use client";

import Form from "next/form";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";

export interface PresetOption {
  key: string;
  from: string;
  to: string;
}

interface Props {
  presets: readonly PresetOption[];
  selected: { preset: string; from: string; to: string; storeId?: string };
  stores: readonly { id: string; name: string }[];
  /** The label of the empty store choice (the whole scope), or null when the viewer has one store only. */
  wholeScopeLabel: string | null;
}

/**
 * A GET form (next/form: a client-side navigation with JavaScript, a plain page load without), so every
 * view is a link. A preset wins over the dates on the server; with JavaScript, picking a preset fills in
 * its dates and editing a date switches to "custom".
 */
export function OverviewFilters({ presets, selected, stores, wholeScopeLabel }: Props) {
  const t = useTranslations("overview.filters");
  const [preset, setPreset] = useState(selected.preset);
  const [from, setFrom] = useState(selected.from);
  const [to, setTo] = useState(selected.to);

  const pickPreset = (key: string) => {
    setPreset(key);
    const range = presets.find((p) => p.key === key);
    if (range) {
      setFrom(range.from);
      setTo(range.to);
    }
  };

  return (
    <Form
      action="/overview"
      aria-label={t("label")}
      className="mb-6 flex flex-wrap items-end gap-3 rounded-xl border border-[var(--border)] bg-[var(--surface)] p-4 shadow-sm"
      data-testid="overview-filters"
    >
      <label className="block min-w-40 flex-1 space-y-1.5 sm:flex-none">
        <span className="block text-sm font-medium">{t("period")}</span>
        <Select name="range" value={preset} onChange={(e) => pickPreset(e.target.value)}>
          {presets.map((p) => (
            <option key={p.key} value={p.key}>
              {t(`presets.${p.key}`)}
            </option>
          ))}
          <option value="custom">{t("presets.custom")}</option>
        </Select>
      </label>
      <DateField name="from" label={t("from")} value={from} max={to} onChange={setFrom} onEdit={() => setPreset("custom")} />
      <DateField name="to" label={t("to")} value={to} min={from} onChange={setTo} onEdit={() => setPreset("custom")} />
      <label className="block min-w-48 flex-1 space-y-1.5 sm:flex-none">
        <span className="block text-sm font-medium">{t("store")}</span>
        <Select name="store" defaultValue={selected.storeId ?? ""} data-testid="store-filter">
          {wholeScopeLabel !== null ? <option value="">{wholeScopeLabel}</option> : null}
          {stores.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
      </label>
      <Button type="submit">{t("apply")}</Button>
    </Form>
  );
}

function DateField(props: {
  name: string;
  label: string;
  value: string;
  min?: string;
  max?: string;
  onChange: (value: string) => void;
  onEdit: () => void;
}) {
  return (
    <label className="block space-y-1.5">
      <span className="block text-sm font-medium">{props.label}</span>
      <Input
        type="date"
        name={props.name}
        value={props.value}
        min={props.min}
        max={props.max}
        required
        onChange={(e) => {
          props.onChange(e.target.value);
          props.onEdit();
        }}
      />
    </label>
  );
}
