"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { archiveSegmentAction, duplicateSegmentAction } from "@/app/(app)/segments/actions";
import { Button } from "@/components/ui/button";

/** Duplicate and archive from the list (segments:manage); the list reloads with the change. */
export function SegmentRowActions({ id, name, archived }: { id: string; name: string; archived: boolean }) {
  const t = useTranslations("segments.list");
  const tErrors = useTranslations("segments.errors");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = (action: () => Promise<{ ok: boolean; code?: string; message?: string }>) =>
    startTransition(async () => {
      setError(null);
      const result = await action();
      if (!result.ok) setError(result.code === "conflict" ? (result.message ?? "") : tErrors((result.code ?? "internal") as never));
      else router.refresh();
    });
  return (
    <div className="flex flex-wrap justify-end gap-1">
      <Button type="button" variant="ghost" disabled={pending} onClick={() => run(() => duplicateSegmentAction({ id }))}>
        {t("duplicate")}
        <span className="sr-only"> {name}</span>
      </Button>
      {archived ? null : (
        <Button
          type="button"
          variant="ghost"
          disabled={pending}
          onClick={() => window.confirm(t("confirmArchive", { name })) && run(() => archiveSegmentAction({ id }))}
        >
          {t("archive")}
          <span className="sr-only"> {name}</span>
        </Button>
      )}
      {error ? (
        <p role="alert" className="w-full text-end text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
