/** One request's outcome in a group: its result, or its own error. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export function settle<T>(fn: () => T): Settled<T> {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

export async function settleAsync<T>(fn: () => Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

interface Group<T, R> {
  waiting: Waiting<T, R>[];
  inFlight: number;
}

/**
 * Group commit, as databases do for their log: requests that arrive while a commit is in flight wait and
 * go together in the next one, so that under load many requests share one transaction (one claim of their
 * idempotency keys, one read, one write, one commit) and an idle server still answers each request at once.
 * The group grows with the load by itself — no timer, no added latency — up to `maxSize`; at most
 * `maxInFlight` commits run at a time per group key (two: while one waits for the database, the next is
 * planned). Items of different group keys (API keys: the actor, source and program of their receipts) never
 * share a commit.
 *
 * Written here rather than taken from a library: dataloader-style batchers collect the calls of one tick and
 * then flush, whatever is in flight; what is needed is a batch formed while the previous one is in flight,
 * bounded in size and in concurrency, with a result or an error per item.
 */
export class GroupCommitter<T, R> {
  private readonly groups = new Map<string, Group<T, R>>();

  constructor(
    private readonly options: {
      maxSize: number;
      maxInFlight: number;
      /** Commits a group; settles each item (its result or its own error). A throw fails every item with it. */
      commit: (items: T[]) => Promise<Settled<R>[]>;
    },
  ) {}

  submit(groupKey: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let group = this.groups.get(groupKey);
      if (!group) {
        group = { waiting: [], inFlight: 0 };
        this.groups.set(groupKey, group);
      }
      group.waiting.push({ item, resolve, reject });
      if (group.inFlight < this.options.maxInFlight) {
        group.inFlight += 1;
        // Requests that arrived in the same turn of the event loop join this commit.
        const started = group;
        setImmediate(() => void this.drain(groupKey, started));
      }
    });
  }

  private async drain(groupKey: string, group: Group<T, R>): Promise<void> {
    try {
      while (group.waiting.length > 0) {
        const batch = group.waiting.splice(0, this.options.maxSize);
        let settled: Settled<R>[];
        try {
          settled = await this.options.commit(batch.map((w) => w.item));
        } catch (error) {
          settled = batch.map(() => ({ ok: false, error }));
        }
        batch.forEach((waiting, i) => {
          const result = settled[i];
          if (result?.ok) waiting.resolve(result.value);
          else waiting.reject(result ? result.error : new Error("the group commit settled no result for a request"));
        });
      }
    } finally {
      group.inFlight -= 1;
      if (group.inFlight === 0 && group.waiting.length === 0 && this.groups.get(groupKey) === group) this.groups.delete(groupKey);
    }
  }
}
