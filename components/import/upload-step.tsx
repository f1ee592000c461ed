"use client";

import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import type { ImportKind } from "@/db/schema/imports";
import type { UploadResponse } from "@/lib/import/types";

const REASONS = ["too_large", "encoding", "syntax", "empty", "no_rows", "kind"] as const;

interface UploadError {
  error?: { fieldErrors?: Record<string, string[]> };
}

/** Posts the file as the raw request body to /import/upload (see the route for why not a server action). */
async function uploadFile(kind: ImportKind, file: File): Promise<{ ok: true; data: UploadResponse } | { ok: false; reason: string; row: number }> {
  const response = await fetch("/import/upload", {
    method: "POST",
    body: file,
    headers: { "content-type": "text/csv", "x-import-kind": kind, "x-file-name": encodeURIComponent(file.name) },
  });
  if (response.ok) return { ok: true, data: (await response.json()) as UploadResponse };
  const body = (await response.json().catch(() => ({}))) as UploadError;
  const reason = body.error?.fieldErrors?.file?.[0] ?? "other";
  return { ok: false, reason: (REASONS as readonly string[]).includes(reason) ? reason : "other", row: Number(body.error?.fieldErrors?.row?.[0] ?? 0) };
}

export function UploadStep({ maxMegabytes, onUploaded }: { maxMegabytes: number; onUploaded: (upload: UploadResponse) => void }) {
  const t = useTranslations("import");
  const [kind, setKind] = useState<ImportKind>("transactions");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get("file");
    if (!(file instanceof File) || file.size === 0) return setError(t("upload.noFile"));
    setBusy(true);
    setError(null);
    try {
      const result = await uploadFile(kind, file);
      if (result.ok) onUploaded(result.data);
      else setError(t(`uploadErrors.${result.reason}`, { row: result.row }));
    } catch {
      setError(t("uploadErrors.other"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-5" aria-describedby={error ? "upload-error" : undefined}>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">{t("upload.kind")}</legend>
        {(["transactions", "members"] as const).map((k) => (
          <label key={k} className="flex items-center gap-2 text-sm">
            <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} className="accent-brand-600" />
            {k === "members" ? t("upload.kindMembers") : t("upload.kindTransactions")}
          </label>
        ))}
      </fieldset>
      <Field id="import-file" label={t("upload.file")}>
        <Input id="import-file" name="file" type="file" accept=".csv,text/csv" aria-describedby="import-file-hint" required />
      </Field>
      <p id="import-file-hint" className="text-xs text-[var(--text-muted)]">
        {t("upload.fileHint", { size: maxMegabytes })}
      </p>
      {error ? (
        <p id="upload-error" role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-100">
          {error}
        </p>
      ) : null}
      <Button type="submit" disabled={busy}>
        {busy ? t("upload.uploading") : t("upload.submit")}
      </Button>
    </form>
  );
}
