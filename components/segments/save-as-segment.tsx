"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import type { ActionResult } from "@/lib/errors";

/**
 * "Save as segment" in one click with a suggested name; when the name is taken (or refused), the name
 * becomes editable so the user can try again. Shows a link to the saved segment.
 */
export function SaveAsSegment({ defaultName, save, disabled = false }: { defaultName: string; save: (name: string) => Promise<ActionResult<{ id: string; name: string }>>; disabled?: boolean }) {
  const t = useTranslations("segments");
  const [name, setName] = useState(defaultName);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<{ id: string; name: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const submit = () =>
    startTransition(async () => {
      setError(null);
      const result = await save(name);
      if (result.ok) setSaved(result.data);
      else setError(result.code === "conflict" ? t("errors.nameTaken") : t(`errors.${result.code}` as never));
    });
  if (saved) {
    return (
      <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
        {t.rich("saveAs.saved", { link: (chunks) => <Link href={`/segments/${saved.id}`} className="font-medium underline">{chunks}</Link>, name: saved.name })}
      </p>
    );
  }
  return (
    <div className="space-y-2">
      {error ? <Input aria-label={t("builder.name")} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} /> : null}
      <Button type="button" variant="secondary" onClick={submit} disabled={disabled || pending || !name.trim()}>
        {pending ? t("builder.saving") : t("saveAs.button")}
      </Button>
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
