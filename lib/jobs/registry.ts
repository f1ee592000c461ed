import type { Db } from "@/db/client";

export interface JobContext {
  db: Db;
  /** The time the run was started for: handlers use it instead of the clock, so tests can move it. */
  now: Date;
  payload: Record<string, unknown>;
  jobId: number;
}

export type JobHandler = (context: JobContext) => Promise<unknown>;

export interface Interval {
  ms: number;
  label: string;
}

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `every("1m")`, `every("1h")`, `every("1d")`: a recurring job's period. Slots are aligned to the epoch (UTC). */
export function every(spec: `${number}${keyof typeof UNIT_MS}`): Interval {
  const match = /^(\d+)([smhd])$/.exec(spec);
  if (!match || Number(match[1]) <= 0) throw new Error(`Not an interval: ${spec}`);
  return { ms: Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS], label: spec };
}

export interface RecurringJob {
  kind: string;
  interval: Interval;
}

/**
 * Job kinds this process can run, and which of them recur. The app's registrations live in
 * lib/jobs/schedule.ts; tests make their own registry so they run only their own kinds.
 */
export class JobRegistry {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly recurringJobs = new Map<string, Interval>();

  /** A kind run when queued (`enqueueJob`). Registering a kind again replaces it (dev reloads re-run modules). */
  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /** A kind queued once per time slot by whichever process gets there first, then run like any job. */
  registerRecurring(kind: string, interval: Interval, handler: JobHandler): void {
    this.register(kind, handler);
    this.recurringJobs.set(kind, interval);
  }

  handler(kind: string): JobHandler | undefined {
    return this.handlers.get(kind);
  }

  kinds(): string[] {
    return [...this.handlers.keys()];
  }

  recurring(): RecurringJob[] {
    return [...this.recurringJobs].map(([kind, interval]) => ({ kind, interval }));
  }
}

// One registry per process (globalThis, as Next may load this module in more than one bundle).
const processState = globalThis as unknown as { loyalistJobs?: JobRegistry };
export const jobRegistry = (processState.loyalistJobs ??= new JobRegistry());

export const registerJob = (kind: string, handler: JobHandler): void => jobRegistry.register(kind, handler);
export const registerRecurring = (kind: string, interval: Interval, handler: JobHandler): void =>
  jobRegistry.registerRecurring(kind, interval, handler);
