import "server-only";
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobs, type JobStatus } from "@/db/schema";
import { selectRows } from "@/db/sql";
import { jobRegistry, type JobRegistry } from "./registry";

/** A claimed job is its worker's for this long; after it, another worker may take it over (a crash). */
const LEASE_MS = 10 * 60_000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60_000;

export function jobRetryDelayMs(failedAttempts: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1));
}

/** Queues a one-off job. With a `dedupeKey`, queuing the same key again does nothing (returns null). */
export async function enqueueJob(
  db: Db,
  kind: string,
  payload: Record<string, unknown> = {},
  options: { runAt?: Date; dedupeKey?: string; maxAttempts?: number } = {},
): Promise<number | null> {
  const [row] = await db
    .insert(jobs)
    .values({ kind, payload, runAt: options.runAt ?? new Date(), dedupeKey: options.dedupeKey ?? null, maxAttempts: options.maxAttempts ?? 5 })
    .onConflictDoNothing({ target: jobs.dedupeKey })
    .returning({ id: jobs.id });
  return row?.id ?? null;
}

/** The start of the time slot `now` falls in, for a period of `ms` (aligned to the Unix epoch). */
export function slotStart(now: Date, ms: number): Date {
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

/**
 * Queues each recurring job for the slot `now` falls in. The dedupe key `<kind>@<slot start>` is unique, so
 * however many processes do this, each slot is queued once. Slots missed while no process ran are not
 * made up: the next run covers them (a recurring job works off what is due, not its slot).
 */
export async function scheduleRecurring(db: Db, now: Date, registry: JobRegistry = jobRegistry): Promise<void> {
  const rows = registry.recurring().map(({ kind, interval }) => {
    const slot = slotStart(now, interval.ms);
    return { kind, runAt: slot, dedupeKey: `${kind}@${slot.toISOString()}`, maxAttempts: 3 };
  });
  if (rows.length > 0) await db.insert(jobs).values(rows).onConflictDoNothing({ target: jobs.dedupeKey });
}

interface ClaimedJob {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
}

/**
 * Takes up to `limit` due jobs of kinds this process knows. `FOR UPDATE SKIP LOCKED` lets workers in
 * several processes claim at once without waiting on or taking each other's rows; a job still `running`
 * past its lease was left by a crashed worker and is taken over.
 */
async function claimDueJobs(db: Db, now: Date, kinds: readonly string[], limit: number): Promise<ClaimedJob[]> {
  if (kinds.length === 0) return [];
  const at = now.toISOString();
  const kindList = sql.join(kinds.map((k) => sql`${k}`), sql`, `);
  const rows = await selectRows<ClaimedJob>(
    db,
    sql`UPDATE jobs j SET status = 'running', attempts = j.attempts + 1, locked_until = ${new Date(now.getTime() + LEASE_MS).toISOString()}
        FROM (
          SELECT id FROM jobs
          WHERE kind IN (${kindList})
            AND ((status = 'queued' AND run_at <= ${at}) OR (status = 'running' AND locked_until < ${at}))
          ORDER BY run_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED
        ) due
        WHERE j.id = due.id
        RETURNING j.id, j.kind, j.payload, j.attempts, j.max_attempts`,
  );
  // bigint arrives as a string from postgres.js and as a number from PGlite.
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Jobs still `running` past their lease with no attempts left: their worker died on the last attempt. */
async function failAbandonedJobs(db: Db, now: Date, kinds: readonly string[]): Promise<void> {
  if (kinds.length === 0) return;
  await db
    .update(jobs)
    .set({ status: "failed", finishedAt: now, lockedUntil: null, lastError: sql`coalesce(${jobs.lastError}, 'lease expired')` })
    .where(and(inArray(jobs.kind, kinds), eq(jobs.status, "running"), lt(jobs.lockedUntil, now), sql`${jobs.attempts} >= ${jobs.maxAttempts}`));
}

async function finish(db: Db, job: ClaimedJob, status: JobStatus, values: Partial<typeof jobs.$inferInsert>): Promise<void> {
  // Only while still ours: a job that outlived its lease may have been taken over by another worker.
  await db
    .update(jobs)
    .set({ status, lockedUntil: null, ...values })
    .where(and(eq(jobs.id, job.id), eq(jobs.status, "running"), eq(jobs.attempts, job.attempts)));
}

export interface JobRun {
  id: number;
  kind: string;
  status: "done" | "queued" | "failed";
  error?: string;
}

/**
 * One pass of the scheduler: queue this slot's recurring jobs, then claim and run due jobs one after
 * another until none is left (or `maxJobs` ran). A failed job is retried with exponential backoff until
 * its attempts are used up. The server calls this every few seconds (runner.ts); tests call it with the
 * time they want.
 */
export async function runDueJobs(
  db: Db,
  now: Date,
  options: { registry?: JobRegistry; maxJobs?: number } = {},
): Promise<JobRun[]> {
  const registry = options.registry ?? jobRegistry;
  const maxJobs = options.maxJobs ?? 100;
  await scheduleRecurring(db, now, registry);
  await failAbandonedJobs(db, now, registry.kinds());
  const runs: JobRun[] = [];
  while (runs.length < maxJobs) {
    const [job] = await claimDueJobs(db, now, registry.kinds(), 1);
    if (!job) break;
    const handler = registry.handler(job.kind);
    try {
      if (!handler) throw new Error(`No handler for job kind ${job.kind}`);
      await handler({ db, now, payload: job.payload, jobId: job.id });
      await finish(db, job, "done", { finishedAt: now, lastError: null });
      runs.push({ id: job.id, kind: job.kind, status: "done" });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const retry = job.attempts < job.max_attempts;
      await finish(
        db,
        job,
        retry ? "queued" : "failed",
        retry ? { runAt: new Date(now.getTime() + jobRetryDelayMs(job.attempts)), lastError: message } : { finishedAt: now, lastError: message },
      );
      runs.push({ id: job.id, kind: job.kind, status: retry ? "queued" : "failed", error: message });
    }
  }
  return runs;
}

/** Forgets finished jobs after a week (recurring jobs leave a row per slot). */
export async function deleteFinishedJobs(db: Db, now: Date, keepMs = 7 * 86_400_000): Promise<number> {
  const before = new Date(now.getTime() - keepMs);
  const deleted = await db
    .delete(jobs)
    .where(and(inArray(jobs.status, ["done", "failed"]), lt(jobs.finishedAt, before)))
    .returning({ id: jobs.id });
  return deleted.length;
}
