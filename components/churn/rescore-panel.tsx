"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { rescoreAction } from "@/app/(app)/churn/actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";

const POLL_MS = 1_000;

interface Progress {
  id: string;
  status: "queued" | "running" | "done" | "failed";
  phase: "queued" | "training" | "scoring" | "done" | "failed";
  total: number;
  done: number;
  scored: number;
  error: string | null;
}

async function fetchProgress(id: string): Promise<Progress> {
  const response = await fetch(`/churn/runs/${id}/progress`, { cache: "no-store" });
  if (!response.ok) throw new Error(`progress: HTTP ${response.status}`);
  return (await response.json()) as Progress;
}

const TONE = { queued: "neutral", training: "brand", scoring: "brand", done: "good", failed: "bad" } as const;

/**
 * "Re-score now" (models:run): queues a run and shows its progress bar, polling the run's progress route
 * every second while it is queued or running; when it ends the page is refreshed to show the new scores.
 */
export function RescorePanel({ activeRunId }: { activeRunId: string | null }) {
  const t = useTranslations("churn.rescore");
  const format = useFormatter();
  const router = useRouter();
  const [runId, setRunId] = useState<string | null>(activeRunId);
  const [retrain, setRetrain] = useState(false);
  const [failed, setFailed] = useState(false);
  // Plain state rather than a transition: the action's revalidation would keep a transition pending.
  const [pending, setPending] = useState(false);
  const { data, isError } = useQuery({
    queryKey: ["churn", "score-runs", runId, "progress"],
    queryFn: () => fetchProgress(runId as string),
    enabled: runId !== null,
    refetchInterval: (query) => (query.state.data && (query.state.data.status === "done" || query.state.data.status === "failed") ? false : POLL_MS),
  });
  const seen = useRef<string | null>(null);
  useEffect(() => {
    if (data && (data.status === "done" || data.status === "failed") && seen.current !== `${data.id}:${data.status}`) {
      seen.current = `${data.id}:${data.status}`;
      router.refresh();
    }
  }, [data, router]);
  const running = data !== undefined && (data.status === "queued" || data.status === "running");
  const percent = data ? (data.status === "done" ? 100 : data.total === 0 ? 0 : Math.floor((Math.min(data.done, data.total) / data.total) * 100)) : 0;
  const start = async () => {
    setPending(true);
    try {
      const result = await rescoreAction({ retrain });
      setFailed(!result.ok);
      if (result.ok) setRunId(result.data.runId);
    } catch {
      setFailed(true);
    } finally {
      setPending(false);
    }
  };
  return (
    <section aria-labelledby="rescore-title" className="mb-6 rounded-xl border border-[var(--border)] bg-[var(--surface)] p-4 shadow-sm" data-testid="rescore-panel">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id="rescore-title" className="text-base font-semibold">
            {t("title")}
          </h2>
          <p className="text-sm text-[var(--text-muted)]">{t("description")}</p>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={retrain} onChange={(event) => setRetrain(event.target.checked)} disabled={pending || running} className="size-4" />
            {t("retrain")}
          </label>
          <Button type="button" onClick={start} disabled={pending || running} data-testid="rescore-button">
            {pending ? t("starting") : t("start")}
          </Button>
        </div>
      </div>
      {failed ? (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {t("failedToStart")}
        </p>
      ) : null}
      {data ? (
        <div className="mt-4 space-y-2" data-testid="rescore-progress" data-status={data.status}>
          <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
            <span id={`rescore-progress-${data.id}`} className="font-medium">
              {t("progressLabel")}
            </span>
            <Badge tone={TONE[data.phase]}>{t(`phase.${data.phase}`)}</Badge>
          </div>
          <div
            role="progressbar"
            aria-labelledby={`rescore-progress-${data.id}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            aria-valuetext={`${percent} %`}
            className="h-3 w-full overflow-hidden rounded-full bg-[var(--surface-muted)]"
          >
            <div className={`h-full rounded-full transition-[width] duration-500 ${data.status === "failed" ? "bg-red-600" : "bg-brand-600"}`} style={{ width: `${percent}%` }} />
          </div>
          <p className="tabular text-sm text-[var(--text-muted)]" aria-live="polite">
            {data.status === "failed"
              ? t("failed", { error: data.error ?? "" })
              : t("members", { done: format.number(Math.min(data.done, data.total)), total: format.number(data.total), scored: format.number(data.scored) })}
          </p>
          {isError ? (
            <p role="status" className="text-sm text-amber-800 dark:text-amber-200">
              {t("pollError")}
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
