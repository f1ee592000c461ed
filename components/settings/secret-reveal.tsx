"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** A secret shown once, right after it was made, with a copy button. */
export function SecretReveal({ title, secret, onDone, testId }: { title: string; secret: string; onDone: () => void; testId: string }) {
  const t = useTranslations("api.secret");
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100">
      <p className="font-semibold">{title}</p>
      <p>{t("onlyOnce")}</p>
      <code data-testid={testId} dir="ltr" className="block break-all rounded bg-[var(--surface)] px-3 py-2 font-mono text-xs text-[var(--text)]">
        {secret}
      </code>
      <div className="flex flex-wrap gap-2">
        <Button
          type="button"
          variant="secondary"
          onClick={async () => {
            await navigator.clipboard?.writeText(secret).catch(() => undefined);
            setCopied(true);
          }}
        >
          {copied ? t("copied") : t("copy")}
        </Button>
        <Button type="button" variant="ghost" onClick={onDone}>
          {t("done")}
        </Button>
      </div>
    </div>
  );
}
