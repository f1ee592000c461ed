import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Scope } from "@/lib/auth/permissions";
import { openTestDatabase, uniqueTag } from "@/test/db";
import type { DbHandle } from "../client";
import { seedDemoProgram } from "../seed/program";
import { selectRows } from "../sql";
import { countSegment } from "./segments-count";
import { latestClusterRun, runMicroSegments, saveClusterAsSegment } from "./segments-clusters";

const END = new Date(Date.UTC(2026, 0, 1));
const actor = { kind: "system" } as const;

let handle: DbHandle;
let scope: Scope;

beforeAll(async () => {
  handle = await openTestDatabase();
  const tag = uniqueTag("mseg");
  await seedDemoProgram(handle, { members: 500, months: 12, seed: 5, tag, end: END });
  const stores = await selectRows<{ id: string }>(handle.db, sql`SELECT id FROM stores WHERE code LIKE ${`${tag}%`}`);
  scope = { kind: "stores", storeIds: stores.map((s) => s.id) };
}, 300_000);

afterAll(async () => handle?.close());

describe("AI micro-segment runs", () => {
  it("stores a run with k = 4 clusters whose sizes add up to the members placed, and a re-run on the same data moves nobody", async () => {
    const first = await runMicroSegments(handle.db, { scope, now: END, actor, k: 4 });
    expect(first.k).toBe(4);
    expect(first.kChosen).toBe(false);
    expect(first.clusters.reduce((n, c) => n + c.size, 0)).toBe(first.placed);
    expect(first.fitted).toBeLessThanOrEqual(first.placed);
    const [stored] = await selectRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM cluster_run_members WHERE run_id = ${first.id}::uuid`);
    expect(stored!.n).toBe(first.placed);

    const second = await runMicroSegments(handle.db, { scope, now: END, actor, k: 4 });
    expect(second.comparison).toMatchObject({ moved: 0, stayed: first.placed, entered: 0, left: 0 });
    expect((await latestClusterRun(handle.db))?.id).toBe(second.id);
    // Only the latest run keeps its members.
    const [old] = await selectRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM cluster_run_members WHERE run_id = ${first.id}::uuid`);
    expect(old!.n).toBe(0);
    await expect(saveClusterAsSegment(handle.db, { runId: first.id, cluster: 0, name: uniqueTag("old"), description: null, actor, now: END })).rejects.toMatchObject({ code: "conflict" });
  }, 120_000);

  it("saves a cluster as a list segment whose live count is the cluster's size", async () => {
    const run = (await latestClusterRun(handle.db))!;
    const biggest = [...run.clusters].sort((a, b) => b.size - a.size)[0]!;
    const segment = await saveClusterAsSegment(handle.db, { runId: run.id, cluster: biggest.cluster, name: uniqueTag("cluster"), description: null, actor, now: END });
    expect(segment).toMatchObject({ kind: "cluster", rule: null });
    const size = await countSegment(handle.db, { rule: { segment: segment.id }, scope, now: END });
    expect(size.count).toBe(biggest.size);
    const [snapshot] = await selectRows<{ size: number }>(handle.db, sql`SELECT size FROM segment_snapshots WHERE segment_id = ${segment.id}::uuid`);
    expect(snapshot!.size).toBe(biggest.size);
  });
});
