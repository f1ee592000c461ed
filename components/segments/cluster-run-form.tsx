"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { runClusteringAction } from "@/app/(app)/segments/clusters/actions";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";

const KS = ["auto", "3", "4", "5", "6", "7", "8", "9", "10"] as const;

/** Runs the model (seconds): the button says so while it works, and the page shows the new run after. */
export function ClusterRunForm({ hasRun }: { hasRun: boolean }) {
  const t = useTranslations("segments.clusters");
  const tErrors = useTranslations("segments.errors");
  const router = useRouter();
  const [k, setK] = useState<(typeof KS)[number]>("auto");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const run = () =>
    startTransition(async () => {
      setError(null);
      const result = await runClusteringAction({ k });
      if (!result.ok) setError(result.code === "invalid_input" ? result.message : tErrors(result.code as never));
      else router.refresh();
    });
  return (
    <div className="flex flex-wrap items-end gap-3" aria-busy={pending}>
      <label className="space-y-1.5 text-sm">
        <span className="block font-medium">{t("k")}</span>
        <Select value={k} onChange={(e) => setK(e.target.value as (typeof KS)[number])} className="w-auto!" disabled={pending}>
          {KS.map((value) => (
            <option key={value} value={value}>
              {value === "auto" ? t("kAuto") : value}
            </option>
          ))}
        </Select>
      </label>
      <Button type="button" onClick={run} disabled={pending}>
        {pending ? t("running") : hasRun ? t("runAgain") : t("run")}
      </Button>
      <p role="status" className="text-sm text-[var(--text-muted)]">
        {pending ? t("runningHint") : null}
      </p>
      {error ? (
        <p role="alert" className="w-full text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
