import "server-only";
import type { Db } from "@/db/client";
import { runDueJobs } from "./run";

const DEFAULT_POLL_MS = 5_000;

// Started once per process: dev-server reloads re-run instrumentation.
const processState = globalThis as unknown as { loyalistJobRunner?: { stop(): Promise<void> } };

/**
 * Polls the job queue in this server process: every JOBS_POLL_INTERVAL_MS (5 s) it runs `runDueJobs`.
 * Passes never overlap within a process; across processes the queue's row locks keep them apart. The timer
 * is unref'd so it never keeps a process alive on its own. JOBS_ENABLED=false turns it off (a process that
 * should only serve requests).
 */
export function startJobRunner(db: Db): { stop(): Promise<void> } {
  if (processState.loyalistJobRunner) return processState.loyalistJobRunner;
  const disabled = { stop: async () => {} };
  if (process.env.JOBS_ENABLED === "false") return disabled;
  const configured = Number(process.env.JOBS_POLL_INTERVAL_MS);
  const intervalMs = Number.isFinite(configured) && configured >= 100 ? configured : DEFAULT_POLL_MS;
  let current: Promise<unknown> | null = null;
  const tick = () => {
    if (current) return;
    current = runDueJobs(db, new Date())
      .catch((error: unknown) => console.error("job runner:", error))
      .finally(() => {
        current = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  const runner = {
    async stop() {
      clearInterval(timer);
      await current;
      processState.loyalistJobRunner = undefined;
    },
  };
  processState.loyalistJobRunner = runner;
  return runner;
}
