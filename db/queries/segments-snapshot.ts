import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { RuleNode } from "@/lib/segments/rule";
import type { Db } from "../client";
import { jsonColumn, selectRows } from "../sql";
import { uuidArray } from "./features/sql";
import { isUuid } from "./scope";
import { programTimeZone, prepareRule } from "./segments-rule";

export interface SnapshotResult {
  segmentId: string;
  day: string;
  size: number;
  entered: number | null;
  left: number | null;
  /** Set when the segment could not be counted (its rule no longer compiles); nothing was written for it. */
  error?: string;
}

async function localDay(db: Db, now: Date): Promise<string> {
  const tz = await programTimeZone(db);
  const [row] = await selectRows<{ day: string }>(db, sql`SELECT ((${now.toISOString()}::timestamptz AT TIME ZONE ${tz}::text)::date)::text AS day`);
  return row!.day;
}

/**
 * Writes today's snapshot of one segment: its size, who entered and who left since the previous snapshot
 * (segment_members holds the previous membership and is brought up to date), and the size per home store.
 * `current` selects the members now in the segment (member_id from member_features f); null keeps the
 * stored list as it is (a list-only segment, changed through setSegmentMembers).
 */
async function snapshotOne(tx: Db, segmentId: string, day: string, current: SQL | null): Promise<SnapshotResult> {
  const id = sql`${segmentId}::uuid`;
  const members = current ?? sql`SELECT sm.member_id FROM segment_members sm JOIN member_features f ON f.member_id = sm.member_id WHERE sm.segment_id = ${id} AND f.status <> 'erased'`;
  const [moves] = await selectRows<{ size: number; entered: number; left: number; first: boolean }>(
    tx,
    sql`WITH cur AS MATERIALIZED (${members}),
      entered AS (
        INSERT INTO segment_members (segment_id, member_id)
        SELECT ${id}, c.member_id FROM cur c
         WHERE NOT EXISTS (SELECT 1 FROM segment_members p WHERE p.segment_id = ${id} AND p.member_id = c.member_id)
        RETURNING 1
      ),
      gone AS (
        DELETE FROM segment_members p WHERE p.segment_id = ${id} AND NOT EXISTS (SELECT 1 FROM cur c WHERE c.member_id = p.member_id)
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM cur)::int AS size, (SELECT count(*) FROM entered)::int AS entered, (SELECT count(*) FROM gone)::int AS left,
             NOT EXISTS (SELECT 1 FROM segment_snapshots WHERE segment_id = ${id}) AS first`,
  );
  const first = moves!.first;
  const entered = first ? null : moves!.entered;
  const left = first ? null : moves!.left;
  // A second snapshot on one day adds its moves to the day's (members who came and went both count).
  await tx.execute(sql`INSERT INTO segment_snapshots AS s (segment_id, day, size, entered, "left") VALUES (${id}, ${day}::date, ${moves!.size}, ${entered}, ${left})
    ON CONFLICT (segment_id, day) DO UPDATE SET size = excluded.size,
      entered = CASE WHEN s.entered IS NULL THEN NULL ELSE s.entered + excluded.entered END,
      "left" = CASE WHEN s."left" IS NULL THEN NULL ELSE s."left" + excluded."left" END`);
  await tx.execute(sql`DELETE FROM segment_snapshot_stores WHERE segment_id = ${id} AND day = ${day}::date`);
  await tx.execute(sql`INSERT INTO segment_snapshot_stores (segment_id, day, store_id, size)
    SELECT ${id}, ${day}::date, f.home_store_id, count(*)::int
      FROM segment_members sm JOIN member_features f ON f.member_id = sm.member_id
     WHERE sm.segment_id = ${id} AND f.status <> 'erased' AND f.home_store_id IS NOT NULL
     GROUP BY f.home_store_id`);
  return { segmentId, day, size: moves!.size, entered, left };
}

/**
 * The daily job: a snapshot of every active segment as of `now` (its program-local day). Each segment is
 * its own transaction, so one whose rule no longer compiles is reported and the others still run.
 */
export async function snapshotSegments(db: Db, now: Date, options: { segmentIds?: readonly string[] } = {}): Promise<SnapshotResult[]> {
  const day = await localDay(db, now);
  const only = options.segmentIds ? sql` AND id = ANY(${uuidArray(options.segmentIds)})` : sql``;
  const list = await selectRows<{ id: string; rule: unknown }>(db, sql`SELECT id, rule FROM segments WHERE status = 'active'${only} ORDER BY id`);
  const results: SnapshotResult[] = [];
  for (const segment of list) {
    try {
      const rule = jsonColumn(segment.rule) as RuleNode | null;
      const current = rule ? sql`SELECT f.member_id FROM member_features f WHERE f.status <> 'erased' AND ${(await prepareRule(db, rule, { now, self: segment.id })).condition}` : null;
      results.push(await db.transaction((tx) => snapshotOne(tx, segment.id, day, current)));
    } catch (error) {
      results.push({ segmentId: segment.id, day, size: 0, entered: null, left: null, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return results;
}

/**
 * Replaces the membership of a list-only segment (manual, or written by the clustering and RFM runs) and
 * records the day's snapshot with who entered and who left. Call inside the transaction that saves the run.
 */
export async function setSegmentMembers(db: Db, params: { segmentId: string; memberIds: readonly string[]; now: Date }): Promise<SnapshotResult> {
  const day = await localDay(db, params.now);
  const ids = [...new Set(params.memberIds.filter(isUuid))];
  const current = sql`SELECT f.member_id FROM member_features f WHERE f.member_id = ANY(${uuidArray(ids)}) AND f.status <> 'erased'`;
  return db.transaction((tx) => snapshotOne(tx, params.segmentId, day, current));
}

/**
 * Today's snapshot of a segment just saved, so the list shows its size (and a changed rule's moves) at once
 * rather than after the daily job. A failure leaves the save in place (the daily job retries) and is logged.
 */
export async function snapshotSavedSegment(db: Db, segmentId: string, now = new Date()): Promise<void> {
  const [result] = await snapshotSegments(db, now, { segmentIds: [segmentId] });
  if (result?.error) console.error(`snapshot of segment ${segmentId} failed: ${result.error}`);
}
