"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";

/** Store checkboxes sent as one comma-joined `storeIds` field (FormData keeps only one value per name in defineAction). */
export function StoreChoices({ stores, selected, idPrefix }: { stores: Array<{ id: string; name: string }>; selected: readonly string[]; idPrefix: string }) {
  const t = useTranslations("staff");
  const [chosen, setChosen] = useState<string[]>([...selected]);
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium">{t("fields.stores")}</legend>
      <p className="text-xs text-[var(--text-muted)]">{t("fields.storesHint")}</p>
      <input type="hidden" name="storeIds" value={chosen.join(",")} />
      <div className="grid max-h-40 gap-1 overflow-y-auto sm:grid-cols-2">
        {stores.map((s) => (
          <label key={s.id} htmlFor={`${idPrefix}-${s.id}`} className="flex items-center gap-2 text-sm">
            <input
              id={`${idPrefix}-${s.id}`}
              type="checkbox"
              checked={chosen.includes(s.id)}
              onChange={(e) => setChosen((c) => (e.target.checked ? [...c, s.id] : c.filter((id) => id !== s.id)))}
            />
            {s.name}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
