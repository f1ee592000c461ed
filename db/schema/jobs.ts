import { bigint, index, integer, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const jobStatus = pgEnum("job_status", ["queued", "running", "done", "failed"]);
export type JobStatus = (typeof jobStatus.enumValues)[number];

/**
 * The job queue (lib/jobs). Workers claim due rows with `FOR UPDATE SKIP LOCKED`; a claimed row carries a
 * lease (`locked_until`) so a crashed worker's job is picked up again. Recurring jobs get one row per time
 * slot, made unique by `dedupe_key`, so several app processes schedule each slot once.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    kind: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    runAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    status: jobStatus().notNull().default("queued"),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(5),
    lockedUntil: timestamp({ withTimezone: true }),
    lastError: text(),
    dedupeKey: text().unique(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.status, t.runAt), index().on(t.finishedAt)],
);
