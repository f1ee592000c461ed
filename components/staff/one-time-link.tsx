"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";

/** A set-password link, shown once: the server keeps only its hash, so it cannot be shown again. */
export function OneTimeLink({ path }: { path: string }) {
  const t = useTranslations("staff");
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);
  const url = `${origin}${path}`;
  return (
    <div className="space-y-1 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100">
      <p className="text-sm font-medium">{t("link.title")}</p>
      <input readOnly value={url} aria-label={t("link.title")} data-testid="one-time-link" dir="ltr" className="w-full rounded border border-amber-300 bg-white px-2 py-1 font-mono text-xs text-slate-900" onFocus={(e) => e.currentTarget.select()} />
      <p className="text-xs">{t("link.hint")}</p>
    </div>
  );
}
