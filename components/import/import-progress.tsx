"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import { Badge } from "@/components/ui/badge";
import type { ProgressResponse } from "@/lib/import/types";
import { STATUS_TONE } from "./status-tone";

const POLL_MS = 1_000;

async function fetchProgress(id: string): Promise<ProgressResponse> {
  const response = await fetch(`/import/${id}/progress`, { cache: "no-store" });
  if (!response.ok) throw new Error(`progress: HTTP ${response.status}`);
  return (await response.json()) as ProgressResponse;
}

/**
 * The progress bar of one import, polling its progress route every second while it runs. When the
 * import ends, the page is refreshed so the server renders the report.
 */
export function ImportProgress({ id, initial }: { id: string; initial: ProgressResponse }) {
  const t = useTranslations("import.progress");
  const format = useFormatter();
  const router = useRouter();
  const { data, isError } = useQuery({
    queryKey: ["imports", id, "progress"],
    queryFn: () => fetchProgress(id),
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.status === "running" || query.state.data?.status === "uploaded" ? POLL_MS : false),
  });
  const shownStatus = useRef(initial.status);
  useEffect(() => {
    if (data.status !== shownStatus.current) {
      shownStatus.current = data.status;
      router.refresh();
    }
  }, [data.status, router]);
  const done = data.status === "succeeded";
  const processed = done ? data.totalRows : Math.min(data.processedRows, data.totalRows);
  const percent = data.totalRows === 0 ? 100 : Math.floor((processed / data.totalRows) * 100);
  return (
    <div className="space-y-2" data-testid="import-progress" data-status={data.status}>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <span id={`progress-${id}`} className="font-medium">
          {t("label")}
        </span>
        <Badge tone={STATUS_TONE[data.status]}>{t(`status.${data.status}`)}</Badge>
      </div>
      <div
        role="progressbar"
        aria-labelledby={`progress-${id}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent} %`}
        className="h-3 w-full overflow-hidden rounded-full bg-[var(--surface-muted)]"
      >
        <div
          className={`h-full rounded-full transition-[width] duration-500 ${data.status === "failed" ? "bg-red-600" : "bg-brand-600"}`}
          style={{ width: `${percent}%` }}
        />
      </div>
      <p className="tabular text-sm text-[var(--text-muted)]">
        {t("rows", { processed: format.number(processed), total: format.number(data.totalRows) })} · {format.number(percent)} %
      </p>
      {isError ? (
        <p role="status" className="text-sm text-amber-800 dark:text-amber-200">
          {t("error")}
        </p>
      ) : null}
    </div>
  );
}
