"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { cn } from "@/components/ui/cn";
import type { ActionResult } from "@/lib/errors";
import { mappingProblems, type ColumnMapping } from "@/lib/import/fields";
import type { PreviewResponse, UploadResponse } from "@/lib/import/types";
import { MappingStep } from "./mapping-step";
import { PreviewStep } from "./preview-step";
import { UploadStep } from "./upload-step";

type MappingInput = { importId: string; mapping: ColumnMapping; onlineStoreId: string | null };

export interface ImportWizardProps {
  onlineStores: ReadonlyArray<{ id: string; name: string; code: string }>;
  maxMegabytes: number;
  preview: (input: MappingInput) => Promise<ActionResult<PreviewResponse>>;
  start: (input: MappingInput) => Promise<ActionResult<{ id: string }>>;
}

const STEPS = ["upload", "mapping", "preview"] as const;

/** Upload -> column mapping -> preview -> start; the import page then shows progress and the report. */
export function ImportWizard({ onlineStores, maxMegabytes, preview: runPreview, start }: ImportWizardProps) {
  const t = useTranslations("import");
  const router = useRouter();
  const [upload, setUpload] = useState<UploadResponse | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [onlineStoreId, setOnlineStoreId] = useState<string | null>(onlineStores[0]?.id ?? null);
  const [preview, setPreview] = useState<PreviewResponse | null>(null);
  const [missing, setMissing] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const step = !upload ? "upload" : !preview ? "mapping" : "preview";

  function uploaded(next: UploadResponse) {
    setUpload(next);
    setMapping(next.suggestedMapping);
    setMissing([]);
  }

  async function checkRows() {
    if (!upload) return;
    const problems = mappingProblems(upload.kind, mapping, upload.header.length);
    setMissing([...problems.missing, ...problems.invalid]);
    if (problems.missing.length > 0 || problems.invalid.length > 0) return;
    setBusy(true);
    const result = await runPreview({ importId: upload.id, mapping, onlineStoreId }).finally(() => setBusy(false));
    if (result.ok) setPreview(result.data);
    else setMissing(Object.keys(result.fieldErrors ?? {}).filter((f) => f !== "_"));
  }

  async function startImport() {
    if (!upload) return;
    setBusy(true);
    setError(null);
    const result = await start({ importId: upload.id, mapping, onlineStoreId });
    if (result.ok) router.push(`/import/${result.data.id}`);
    else {
      setBusy(false);
      setError(result.message);
    }
  }

  return (
    <div className="space-y-5">
      <ol aria-label={t("steps.label")} className="flex flex-wrap gap-2 text-sm">
        {STEPS.map((s, i) => (
          <li
            key={s}
            aria-current={s === step ? "step" : undefined}
            className={cn("rounded-full px-3 py-1", s === step ? "bg-brand-600 text-white" : "bg-[var(--surface-muted)] text-[var(--text-muted)]")}
          >
            <span className="tabular">{i + 1}.</span> {t(`steps.${s}`)}
          </li>
        ))}
      </ol>
      {step === "upload" ? <UploadStep maxMegabytes={maxMegabytes} onUploaded={uploaded} /> : null}
      {step === "mapping" && upload ? (
        <MappingStep
          upload={upload}
          mapping={mapping}
          onMappingChange={setMapping}
          onlineStores={onlineStores}
          onlineStoreId={onlineStoreId}
          onOnlineStoreChange={setOnlineStoreId}
          missing={missing}
          busy={busy}
          onPreview={checkRows}
          onBack={() => setUpload(null)}
        />
      ) : null}
      {step === "preview" && upload && preview ? (
        <PreviewStep upload={upload} mapping={mapping} preview={preview} busy={busy} error={error} onStart={startImport} onBack={() => setPreview(null)} />
      ) : null}
    </div>
  );
}
