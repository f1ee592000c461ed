import { munkres } from "munkres";

/** One run's clustering: each member's id and cluster, and the number of clusters. */
export interface Run {
  memberIds: readonly string[];
  labels: ArrayLike<number>;
  k: number;
}

export interface ClusterMatch {
  previous: number;
  /** The current cluster that continues it; null when the current run has fewer clusters and none is left for it. */
  current: number | null;
  /** Members in both runs who were in `previous` and are in `current`. */
  overlap: number;
}

export interface RunComparison {
  matches: ClusterMatch[];
  /** Members in both runs whose cluster is not the continuation of their previous one. */
  moved: number;
  stayed: number;
  /** Members only in the current run (joined or first clustered since) and only in the previous one (erased, out of scope). */
  entered: number;
  left: number;
  /** Per current cluster: who stayed in it, who moved in from another cluster, who is new. */
  perCluster: { current: number; previous: number | null; stayed: number; movedIn: number; entered: number }[];
}

/**
 * What a re-run changed. Cluster numbers are arbitrary in each run, so clusters are first matched to maximise
 * the members they keep (the assignment problem on the overlap table, solved by the Hungarian method from the
 * munkres package; it handles a different k in each run). A member moved when their current cluster is not the
 * match of their previous one.
 */
export function compareRuns(previous: Run, current: Run): RunComparison {
  const before = new Map<string, number>();
  previous.memberIds.forEach((id, i) => before.set(id, previous.labels[i] as number));
  const overlap = Array.from({ length: previous.k }, () => new Array<number>(current.k).fill(0));
  let entered = 0;
  const seen = new Set<string>();
  current.memberIds.forEach((id, i) => {
    const was = before.get(id);
    if (was === undefined) entered++;
    else {
      seen.add(id);
      (overlap[was] as number[])[current.labels[i] as number]! += 1;
    }
  });
  const largest = Math.max(0, ...overlap.flat());
  const pairs = previous.k > 0 && current.k > 0 ? munkres(overlap.map((row) => row.map((n) => largest - n))) : [];
  const matchOf = new Map<number, number>(pairs.map(([p, c]) => [p, c]));
  const previousOf = new Map<number, number>(pairs.map(([p, c]) => [c, p]));

  const perCluster = Array.from({ length: current.k }, (_, c) => ({ current: c, previous: previousOf.get(c) ?? null, stayed: 0, movedIn: 0, entered: 0 }));
  let stayed = 0;
  let moved = 0;
  current.memberIds.forEach((id, i) => {
    const c = current.labels[i] as number;
    const was = before.get(id);
    const row = perCluster[c];
    if (!row) throw new Error(`label ${c} outside [0, ${current.k})`);
    if (was === undefined) row.entered++;
    else if (matchOf.get(was) === c) {
      row.stayed++;
      stayed++;
    } else {
      row.movedIn++;
      moved++;
    }
  });
  const matches = Array.from({ length: previous.k }, (_, p) => {
    const c = matchOf.get(p) ?? null;
    return { previous: p, current: c, overlap: c === null ? 0 : ((overlap[p] as number[])[c] as number) };
  });
  return { matches, moved, stayed, entered, left: previous.memberIds.length - seen.size, perCluster };
}
