import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { jobs } from "@/db/schema";
import { openTestDatabase, uniqueTag } from "@/test/db";
import { every, JobRegistry } from "./registry";
import { deleteFinishedJobs, enqueueJob, runDueJobs, slotStart } from "./run";

let handle: DbHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

const jobRow = async (id: number) => (await handle.db.select().from(jobs).where(eq(jobs.id, id)))[0];
const at = (iso: string) => new Date(iso);
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

describe("runDueJobs", () => {
  it("runs a queued job once when it is due, and not before", async () => {
    const kind = uniqueTag("job");
    const seen: Array<Record<string, unknown>> = [];
    const registry = new JobRegistry();
    registry.register(kind, async ({ payload }) => void seen.push(payload));
    const runAt = at("2031-02-03T10:00:00Z");
    const id = await enqueueJob(handle.db, kind, { memberId: "m1" }, { runAt });

    expect(await runDueJobs(handle.db, plus(runAt, -1_000), { registry })).toEqual([]);
    expect(await runDueJobs(handle.db, runAt, { registry })).toEqual([{ id, kind, status: "done" }]);
    expect(await runDueJobs(handle.db, plus(runAt, 3_600_000), { registry })).toEqual([]);
    expect(seen).toEqual([{ memberId: "m1" }]);
    expect(await jobRow(id!)).toMatchObject({ status: "done", attempts: 1, finishedAt: runAt, lockedUntil: null });
  });

  it("queues a job with a dedupe key once", async () => {
    const kind = uniqueTag("job");
    const dedupeKey = uniqueTag("once");
    expect(await enqueueJob(handle.db, kind, {}, { dedupeKey })).toEqual(expect.any(Number));
    expect(await enqueueJob(handle.db, kind, {}, { dedupeKey })).toBeNull();
  });

  it("retries a failing job after 30 s then 60 s, and marks it failed after its 3 attempts", async () => {
    const kind = uniqueTag("job");
    const registry = new JobRegistry();
    registry.register(kind, async () => {
      throw new Error("receiver down");
    });
    const t0 = at("2031-02-03T11:00:00Z");
    const id = (await enqueueJob(handle.db, kind, {}, { runAt: t0, maxAttempts: 3 }))!;

    expect((await runDueJobs(handle.db, t0, { registry }))[0]).toMatchObject({ status: "queued", error: "receiver down" });
    expect(await jobRow(id)).toMatchObject({ status: "queued", attempts: 1, runAt: plus(t0, 30_000), lastError: "receiver down" });
    expect(await runDueJobs(handle.db, plus(t0, 29_000), { registry })).toEqual([]);
    await runDueJobs(handle.db, plus(t0, 30_000), { registry });
    expect(await jobRow(id)).toMatchObject({ status: "queued", attempts: 2, runAt: plus(t0, 90_000) });
    await runDueJobs(handle.db, plus(t0, 90_000), { registry });
    expect(await jobRow(id)).toMatchObject({ status: "failed", attempts: 3, finishedAt: plus(t0, 90_000) });
    expect(await runDueJobs(handle.db, plus(t0, 86_400_000), { registry })).toEqual([]);
  });

  it("runs only kinds this process registered", async () => {
    const known = uniqueTag("job");
    const unknown = uniqueTag("job");
    const registry = new JobRegistry();
    registry.register(known, async () => {});
    const runAt = at("2031-02-03T12:00:00Z");
    const other = (await enqueueJob(handle.db, unknown, {}, { runAt }))!;
    await enqueueJob(handle.db, known, {}, { runAt });
    expect((await runDueJobs(handle.db, runAt, { registry })).map((r) => r.kind)).toEqual([known]);
    expect(await jobRow(other)).toMatchObject({ status: "queued", attempts: 0 });
  });

  it("takes over a job whose worker died (lease passed), and fails one that had no attempts left", async () => {
    const kind = uniqueTag("job");
    const ran: number[] = [];
    const registry = new JobRegistry();
    registry.register(kind, async ({ jobId }) => void ran.push(jobId));
    const now = at("2031-02-03T13:00:00Z");
    const [abandoned, exhausted, leased] = await handle.db
      .insert(jobs)
      .values([
        { kind, status: "running", attempts: 1, maxAttempts: 3, lockedUntil: plus(now, -1), runAt: plus(now, -600_000) },
        { kind, status: "running", attempts: 3, maxAttempts: 3, lockedUntil: plus(now, -1), runAt: plus(now, -600_000) },
        { kind, status: "running", attempts: 1, maxAttempts: 3, lockedUntil: plus(now, 60_000), runAt: plus(now, -600_000) },
      ])
      .returning({ id: jobs.id });
    await runDueJobs(handle.db, now, { registry });
    expect(ran).toEqual([abandoned!.id]);
    expect(await jobRow(abandoned!.id)).toMatchObject({ status: "done", attempts: 2 });
    expect(await jobRow(exhausted!.id)).toMatchObject({ status: "failed", lastError: "lease expired" });
    expect(await jobRow(leased!.id)).toMatchObject({ status: "running", attempts: 1 });
  });
});

describe("recurring jobs", () => {
  it("run once per slot however many passes and processes, and again in the next slot", async () => {
    const kind = uniqueTag("every-hour");
    let runs = 0;
    // Two registries stand for two app processes with the same schedule.
    const processes = [new JobRegistry(), new JobRegistry()];
    for (const registry of processes) registry.registerRecurring(kind, every("1h"), async () => void runs++);
    const now = at("2031-02-03T14:25:00Z");
    await Promise.all(processes.map((registry) => runDueJobs(handle.db, now, { registry })));
    await runDueJobs(handle.db, plus(now, 30 * 60_000), { registry: processes[0] });
    expect(runs).toBe(1);
    await runDueJobs(handle.db, plus(now, 40 * 60_000), { registry: processes[1] });
    expect(runs).toBe(2);
    const rows = await handle.db.select({ dedupeKey: jobs.dedupeKey, runAt: jobs.runAt }).from(jobs).where(eq(jobs.kind, kind)).orderBy(jobs.runAt);
    expect(rows).toEqual([
      { dedupeKey: `${kind}@2031-02-03T14:00:00.000Z`, runAt: at("2031-02-03T14:00:00Z") },
      { dedupeKey: `${kind}@2031-02-03T15:00:00.000Z`, runAt: at("2031-02-03T15:00:00Z") },
    ]);
  });

  it("align slots to the epoch: every 15 minutes at :00, :15, :30, :45", () => {
    expect(slotStart(at("2031-02-03T14:29:59Z"), every("15m").ms)).toEqual(at("2031-02-03T14:15:00Z"));
    expect(slotStart(at("2031-02-03T23:59:59Z"), every("1d").ms)).toEqual(at("2031-02-03T00:00:00Z"));
    expect(() => every("0h" as never)).toThrow();
  });
});

describe("concurrent workers", () => {
  it("never run the same job twice: two workers on separate connections split 30 jobs between them", async () => {
    const second = process.env.DATABASE_URL ? await openTestDatabase() : handle;
    try {
      const kind = uniqueTag("job");
      const ranBy = new Map<number, string[]>();
      const registryFor = (worker: string) => {
        const registry = new JobRegistry();
        registry.register(kind, async ({ jobId }) => {
          // Yield so the other worker gets to claim while this job is running.
          await new Promise((resolve) => setImmediate(resolve));
          ranBy.set(jobId, [...(ranBy.get(jobId) ?? []), worker]);
        });
        return registry;
      };
      const now = at("2031-02-03T16:00:00Z");
      const ids = await Promise.all(Array.from({ length: 30 }, () => enqueueJob(handle.db, kind, {}, { runAt: now })));
      await Promise.all([runDueJobs(handle.db, now, { registry: registryFor("a") }), runDueJobs(second.db, now, { registry: registryFor("b") })]);
      expect([...ranBy.keys()].sort((x, y) => x - y)).toEqual([...ids].sort((x, y) => x! - y!));
      expect([...ranBy.values()].every((workers) => workers.length === 1)).toBe(true);
      const statuses = await handle.db.select({ status: jobs.status }).from(jobs).where(inArray(jobs.id, ids as number[]));
      expect(statuses.every((s) => s.status === "done")).toBe(true);
    } finally {
      if (second !== handle) await second.close();
    }
  });
});

describe("deleteFinishedJobs", () => {
  it("forgets jobs finished more than a week ago and keeps newer and unfinished ones", async () => {
    const kind = uniqueTag("job");
    const now = new Date();
    const [old, recent, queued] = await handle.db
      .insert(jobs)
      .values([
        { kind, status: "done", finishedAt: plus(now, -8 * 86_400_000) },
        { kind, status: "done", finishedAt: plus(now, -6 * 86_400_000) },
        { kind, status: "queued", runAt: plus(now, -30 * 86_400_000) },
      ])
      .returning({ id: jobs.id });
    await deleteFinishedJobs(handle.db, now);
    const left = (await handle.db.select({ id: jobs.id }).from(jobs).where(eq(jobs.kind, kind))).map((r) => r.id);
    expect(left.sort()).toEqual([recent!.id, queued!.id].sort());
    expect(left).not.toContain(old!.id);
  });
});
