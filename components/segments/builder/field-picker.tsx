"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Input, Select } from "@/components/ui/field";
import { FIELDS, type FieldGroup } from "@/lib/segments/catalogue";
import type { DraftCondition } from "@/lib/segments/draft";

const GROUPS: readonly FieldGroup[] = ["purchases", "channels", "engagement", "profile", "loyalty", "predictions"];
const SPECIAL = ["event", "category", "segment"] as const;

/** The picker's value for a condition: `field:<name>`, or the kind of a condition that is not a field. */
export function pickedValue(c: DraftCondition): string {
  if (c.kind === "field") return c.field ? `field:${c.field}` : "";
  return c.kind;
}

/**
 * What a condition tests: the catalogue's fields grouped as the catalogue groups them, then events,
 * category shares and other segments. The search box narrows the list (the chosen entry always stays).
 */
export function FieldPicker({ condition, onPick }: { condition: DraftCondition; onPick: (value: string) => void }) {
  const t = useTranslations("segments");
  const [search, setSearch] = useState("");
  const id = useId();
  const current = pickedValue(condition);
  const needle = search.trim().toLocaleLowerCase();
  const shown = (value: string, label: string) => value === current || !needle || label.toLocaleLowerCase().includes(needle);
  const special = SPECIAL.map((kind) => ({ value: kind, label: t(`builder.kinds.${kind}`) })).filter((o) => shown(o.value, o.label));
  return (
    <div className="flex min-w-0 flex-1 flex-wrap gap-2">
      <Input
        type="search"
        id={`${id}-search`}
        aria-label={t("builder.searchFields")}
        placeholder={t("builder.searchFields")}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        className="w-40! flex-none"
      />
      <Select aria-label={t("builder.what")} value={current} onChange={(e) => onPick(e.target.value)} className="min-w-0 flex-1">
        <option value="" disabled>
          {t("builder.choose")}
        </option>
        {special.length > 0 ? (
          <optgroup label={t("builder.kinds.title")}>
            {special.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ) : null}
        {GROUPS.map((group) => {
          const fields = FIELDS.filter((f) => f.group === group)
            .map((f) => ({ value: `field:${f.name}`, label: t(`fields.${f.name}`) }))
            .filter((o) => shown(o.value, o.label));
          return fields.length > 0 ? (
            <optgroup key={group} label={t(`groups.${group}`)}>
              {fields.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          ) : null;
        })}
      </Select>
    </div>
  );
}
