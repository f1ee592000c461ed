import { sql } from "drizzle-orm";
import type { Db } from "../../client";
import { selectRows } from "../../sql";
import { refreshMemberFeatures, type FeatureWriteResult } from "./refresh";
import { uuidArray } from "./sql";

/**
 * Rows taken per transaction: at most this many members, so the refresh takes per-member locks (up to 500).
 * 200: at 1M members a refresh costs about 1.2-1.4 ms a member in rounds of 50-200 and 2 ms in rounds of
 * 500 (2026-11-23).
 */
export const FEATURE_QUEUE_ROUND = 200;

/**
 * Refreshes the features of the members ingestion queued (member_feature_queue, appended by triggers), round
 * by round until the queue is empty or `budgetMs` has passed. Each round deletes up to 200 queued rows (skipping
 * rows another runner holds) and recomputes their members in the same transaction: the rows it deleted were
 * committed before its delete, so the refresh, a later statement, sees what they announced; a failure rolls
 * the rows back for the next run. Ingestion only appends, so it never waits for this.
 */
export async function refreshQueuedMemberFeatures(
  db: Db,
  now: Date,
  options: { budgetMs?: number; /** Only these members' rows (tests on a shared database). */ only?: readonly string[] } = {},
): Promise<FeatureWriteResult & { rounds: number }> {
  const only = options.only ? sql`AND member_id = ANY(${uuidArray(options.only)})` : sql``;
  const deadline = performance.now() + (options.budgetMs ?? 10_000);
  const total = { members: 0, changed: 0, churnRows: 0, rounds: 0 };
  for (;;) {
    const taken = await db.transaction(async (tx) => {
      const rows = await selectRows<{ member_id: string }>(
        tx,
        sql`DELETE FROM member_feature_queue
             WHERE id IN (SELECT id FROM member_feature_queue WHERE true ${only} ORDER BY id LIMIT ${FEATURE_QUEUE_ROUND} FOR UPDATE SKIP LOCKED)
            RETURNING member_id`,
      );
      const result = await refreshMemberFeatures(tx, rows.map((r) => r.member_id), now);
      total.members += result.members;
      total.changed += result.changed;
      total.churnRows += result.churnRows;
      return rows.length;
    });
    if (taken > 0) total.rounds++;
    if (taken < FEATURE_QUEUE_ROUND || performance.now() > deadline) return total;
  }
}

/** How many rows wait in the queue (a member may appear more than once). */
export async function queuedMemberFeatureRows(db: Db, only?: readonly string[]): Promise<number> {
  const where = only ? sql`WHERE member_id = ANY(${uuidArray(only)})` : sql``;
  const [row] = await selectRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM member_feature_queue ${where}`);
  return row?.n ?? 0;
}
