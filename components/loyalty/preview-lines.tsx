"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";

export interface PreviewLine {
  sku: string;
  category: string;
  quantity: string;
  amount: string;
}

const MAX_LINES = 20;

/** The basket's lines in the preview form: SKU, category, quantity and amount, added and removed in place. */
export function PreviewLines({
  lines,
  onChange,
  categories,
  currency,
  error,
  emptyLine,
}: {
  lines: readonly PreviewLine[];
  onChange: (lines: PreviewLine[]) => void;
  categories: readonly { code: string; name: string }[];
  currency: string;
  error: (field: string) => string | undefined;
  emptyLine: PreviewLine;
}) {
  const t = useTranslations("loyalty.preview");
  const set = (index: number, field: keyof PreviewLine, value: string) => onChange(lines.map((l, i) => (i === index ? { ...l, [field]: value } : l)));
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium">{t("lines")}</legend>
      {lines.map((line, i) => {
        const n = i + 1;
        const lineErrors = (["sku", "category", "quantity", "amount"] as const).map((f) => error(`lines[${i}].${f}`)).filter(Boolean);
        return (
          <div key={i} data-testid="preview-line-input" className="space-y-1">
            <div className="grid max-w-4xl grid-cols-2 gap-2 md:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_6rem_9rem_auto] md:items-end">
              <label className="space-y-1 text-xs">
                <span className="block text-[var(--text-muted)]">{t("sku", { line: n })}</span>
                <Input value={line.sku} onChange={(e) => set(i, "sku", e.target.value)} dir="ltr" />
              </label>
              <label className="space-y-1 text-xs">
                <span className="block text-[var(--text-muted)]">{t("category", { line: n })}</span>
                <Select value={line.category} onChange={(e) => set(i, "category", e.target.value)}>
                  {categories.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                    </option>
                  ))}
                </Select>
              </label>
              <label className="space-y-1 text-xs">
                <span className="block text-[var(--text-muted)]">{t("quantity", { line: n })}</span>
                <Input value={line.quantity} onChange={(e) => set(i, "quantity", e.target.value)} type="number" min={1} step={1} />
              </label>
              <label className="space-y-1 text-xs">
                <span className="block text-[var(--text-muted)]">{t("amount", { line: n, currency })}</span>
                <Input value={line.amount} onChange={(e) => set(i, "amount", e.target.value)} inputMode="decimal" placeholder="12.50" dir="ltr" />
              </label>
              <Button type="button" variant="ghost" className="px-2 py-2 text-xs" disabled={lines.length === 1} onClick={() => onChange(lines.filter((_, j) => j !== i))}>
                {t("removeLine", { line: n })}
              </Button>
            </div>
            {lineErrors.map((message) => (
              <p key={message} className="text-sm text-red-700 dark:text-red-400">
                {t("lineError", { line: n, message: message ?? "" })}
              </p>
            ))}
          </div>
        );
      })}
      <Button type="button" variant="secondary" className="px-2.5 py-1 text-xs" disabled={lines.length >= MAX_LINES} onClick={() => onChange([...lines, emptyLine])}>
        {t("addLine")}
      </Button>
    </fieldset>
  );
}
