import { describe, expect, it } from "vitest";
import { GroupCommitter, type Settled } from "./group-commit";

/** A committer whose commits wait until released, recording each group it was given. */
function recordingCommitter(options: { maxSize: number; maxInFlight: number }) {
  const groups: number[][] = [];
  const releases: (() => void)[] = [];
  const committer = new GroupCommitter<number, number>({
    ...options,
    commit: async (items) => {
      groups.push(items);
      await new Promise<void>((resolve) => releases.push(resolve));
      if (items.includes(-1)) throw new Error("the whole group failed");
      return items.map((n): Settled<number> => (n % 10 === 7 ? { ok: false, error: new Error(`refused ${n}`) } : { ok: true, value: n * 2 }));
    },
  });
  const releaseAll = async () => {
    // Let queued setImmediate callbacks start their commits, then release every commit waiting.
    for (let round = 0; round < 10; round += 1) {
      await new Promise((r) => setImmediate(r));
      releases.splice(0).forEach((release) => release());
    }
  };
  return { committer, groups, releaseAll };
}

describe("GroupCommitter", () => {
  it("commits what arrives in one turn together, and what arrives during a commit in the next", async () => {
    const { committer, groups, releaseAll } = recordingCommitter({ maxSize: 100, maxInFlight: 1 });
    const first = [1, 2, 3].map((n) => committer.submit("k", n));
    await new Promise((r) => setImmediate(r));
    const second = [4, 5, 6, 8].map((n) => committer.submit("k", n));
    await releaseAll();
    expect(await Promise.all([...first, ...second])).toEqual([2, 4, 6, 8, 10, 12, 16]);
    expect(groups).toEqual([
      [1, 2, 3],
      [4, 5, 6, 8],
    ]);
  });

  it("never puts more than maxSize in a group, nor two group keys in one commit", async () => {
    const { committer, groups, releaseAll } = recordingCommitter({ maxSize: 2, maxInFlight: 1 });
    const results = Promise.all([committer.submit("a", 1), committer.submit("a", 2), committer.submit("a", 3), committer.submit("b", 4)]);
    await releaseAll();
    expect(await results).toEqual([2, 4, 6, 8]);
    expect(groups.map((g) => g.join(","))).toEqual(["1,2", "4", "3"]);
  });

  it("runs at most maxInFlight commits at a time per key", async () => {
    const { committer, groups } = recordingCommitter({ maxSize: 100, maxInFlight: 2 });
    void committer.submit("k", 1);
    await new Promise((r) => setImmediate(r));
    void committer.submit("k", 2);
    await new Promise((r) => setImmediate(r));
    void committer.submit("k", 3);
    void committer.submit("k", 4);
    await new Promise((r) => setImmediate(r));
    // 1 and 2 are in flight; 3 and 4 wait for one of them.
    expect(groups).toEqual([[1], [2]]);
  });

  it("settles each item alone: a refused item fails, the others succeed; a failed commit fails its whole group", async () => {
    const { committer, releaseAll } = recordingCommitter({ maxSize: 100, maxInFlight: 1 });
    const settled = Promise.allSettled([committer.submit("k", 5), committer.submit("k", 17), committer.submit("k", 9)]);
    await releaseAll();
    expect((await settled).map((s) => (s.status === "fulfilled" ? s.value : (s.reason as Error).message))).toEqual([10, "refused 17", 18]);
    const failed = Promise.allSettled([committer.submit("k", 1), committer.submit("k", -1)]);
    await releaseAll();
    expect((await failed).map((s) => s.status)).toEqual(["rejected", "rejected"]);
    // The committer goes on after a failure.
    const after = committer.submit("k", 3);
    await releaseAll();
    expect(await after).toBe(6);
  });
});
