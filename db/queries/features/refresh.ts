import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../client";
import { memberFeatureRuns } from "../../schema";
import { selectRows } from "../../sql";
import { isUuid } from "../scope";
import {
  behaviourColumns,
  CATEGORY_SHARES_SELECT,
  CHURN_INPUT_FROM,
  churnInputColumns,
  churnInputCtes,
  FEATURE_FROM,
  featureCtes,
  PROFILE_COLUMNS,
  uuidArray,
  type MemberSet,
} from "./sql";

/**
 * Writers of member_features take the same locks as the sale-link trigger of migration 0005: a per-member
 * advisory lock (7020002, hashtext(member id)), under a shared (7020003, 0); a statement over many members
 * takes (7020003, 0) exclusively instead. Two ingestions for one member therefore refresh one after the
 * other, each seeing the other's committed receipts (without it, the second upsert would overwrite the
 * first's figures with a computation that missed its receipt), and a full rebuild sees no refresh in flight.
 */
const MEMBER_LOCK = 7_020_002;
const MANY_MEMBERS_LOCK = 7_020_003;
/** Beyond this many members one exclusive lock replaces per-member locks (a transaction holds only so many). */
const MANY_MEMBERS = 500;

/**
 * Inside the caller's transaction: waits for every member_features writer to finish and keeps new ones
 * (and sales ingestion, through the sale-link trigger) out until commit. For statements over all members:
 * the set-based refreshes.
 */
export async function lockAllMemberFeatures(tx: Db): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${MANY_MEMBERS_LOCK}, 0)`);
}

export interface FeatureWriteResult {
  /** Members computed. */
  members: number;
  /** member_features rows written (all of them for a refresh; only changed ones for a rebuild). */
  changed: number;
  /** member_churn_features rows written, counted the same way. */
  churnRows: number;
}

const list = (names: readonly string[], prefix = "") => sql.raw(names.map((n) => `${prefix}${n}`).join(", "));

/**
 * One statement: computes the features of `members` as of `asOf` and writes member_features,
 * member_category_features (removing category rows that no longer hold) and the churn model's inputs,
 * member_churn_features (a row for every member computed). With `onlyChanged`, rows whose
 * values did not change are not touched (a daily rebuild rewrites only members whose figures moved).
 * UPDATE ... FROM rather than INSERT ... ON CONFLICT: the latter locks, and so dirties, every row it
 * compares, changed or not. Every member has a row (a trigger on members makes it); the INSERT is for rows
 * that predate it.
 */
export function featureUpsertSql(asOf: Date, members: MemberSet, onlyChanged: boolean): SQL {
  const behaviour = behaviourColumns(asOf);
  const names = [...PROFILE_COLUMNS, ...behaviour.map(([n]) => n)];
  // as_of moves with every computation; comparing it would make every row look changed.
  const compared = names.filter((n) => n !== "as_of");
  const changedOnly: SQL = onlyChanged
    ? sql`AND (f.as_of IS NULL OR (${list(compared, "f.")}) IS DISTINCT FROM (${list(compared, "c.")}))`
    : sql``;
  const churn = churnInputColumns(asOf);
  const churnNames = churn.map(([n]) => n);
  const churnCompared = churnNames.filter((n) => n !== "as_of");
  const churnChangedOnly: SQL = onlyChanged ? sql`AND (${list(churnCompared, "c.")}) IS DISTINCT FROM (${list(churnCompared, "n.")})` : sql``;
  // A few members by id (the refresh queue's rounds): their rows by key probes. The planner cannot tell how
  // few rows `computed` holds (it took 171,399 for 200 at 1M members) and hash-joined the whole of
  // member_features, twice: 700 ms of a 200-member refresh. A set-based pass keeps the hash joins.
  const byKey = members.kind === "ids" ? uuidArray(members.ids) : null;
  const updateByKey: SQL = byKey ? sql`AND f.member_id = ANY(${byKey})` : sql``;
  const missing: SQL = byKey
    ? sql`c.member_id <> ALL (ARRAY(SELECT f.member_id FROM member_features f WHERE f.member_id = ANY(${byKey})))`
    : sql`NOT EXISTS (SELECT 1 FROM member_features f WHERE f.member_id = c.member_id)`;
  return sql`WITH ${featureCtes({ asOf, members })}, ${churnInputCtes({ asOf, members })},
      computed AS (
        SELECT mem.member_id, ${list(PROFILE_COLUMNS, "mem.")}, ${sql.join(behaviour.map(([n, e]) => sql`${e} AS ${sql.raw(n)}`), sql`, `)}
          FROM ${FEATURE_FROM}
      ),
      updated AS (
        UPDATE member_features f SET (${list(names)}, refreshed_at) = (${list(names, "c.")}, clock_timestamp())
          FROM computed c
         WHERE f.member_id = c.member_id ${updateByKey} ${changedOnly}
        RETURNING f.member_id
      ),
      inserted AS (
        INSERT INTO member_features (member_id, ${list(names)}, refreshed_at)
        SELECT c.member_id, ${list(names, "c.")}, clock_timestamp() FROM computed c
         WHERE ${missing}
        ON CONFLICT (member_id) DO NOTHING
        RETURNING member_id
      ),
      churn_computed AS (
        SELECT mem.member_id, ${sql.join(churn.map(([n, e]) => sql`${e} AS ${sql.raw(n)}`), sql`, `)} FROM ${CHURN_INPUT_FROM}
      ),
      churn_updated AS (
        UPDATE member_churn_features c SET (${list(churnNames)}) = (${list(churnNames, "n.")})
          FROM churn_computed n
         WHERE c.member_id = n.member_id ${churnChangedOnly}
        RETURNING 1
      ),
      churn_inserted AS (
        INSERT INTO member_churn_features (member_id, ${list(churnNames)})
        SELECT n.member_id, ${list(churnNames, "n.")} FROM churn_computed n
         WHERE NOT EXISTS (SELECT 1 FROM member_churn_features c WHERE c.member_id = n.member_id)
        ON CONFLICT (member_id) DO NOTHING
        RETURNING 1
      ),
      shares AS (${CATEGORY_SHARES_SELECT}),
      shares_updated AS (
        UPDATE member_category_features x SET spend_minor = s.spend_minor, share = s.share
          FROM shares s
         WHERE x.member_id = s.member_id AND x.category_id = s.category_id
           AND (x.spend_minor, x.share) IS DISTINCT FROM (s.spend_minor, s.share)
        RETURNING 1
      ),
      shares_inserted AS (
        INSERT INTO member_category_features (member_id, category_id, spend_minor, share)
        SELECT s.member_id, s.category_id, s.spend_minor, s.share FROM shares s
         WHERE NOT EXISTS (SELECT 1 FROM member_category_features x WHERE x.member_id = s.member_id AND x.category_id = s.category_id)
        ON CONFLICT (member_id, category_id) DO NOTHING
        RETURNING 1
      ),
      shares_removed AS (
        DELETE FROM member_category_features x
         WHERE x.member_id IN (SELECT member_id FROM mem)
           AND NOT EXISTS (SELECT 1 FROM shares s WHERE s.member_id = x.member_id AND s.category_id = x.category_id)
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM computed)::int AS members,
             (SELECT count(*) FROM updated)::int + (SELECT count(*) FROM inserted)::int AS changed,
             (SELECT count(*) FROM churn_updated)::int + (SELECT count(*) FROM churn_inserted)::int AS churn_rows,
             (SELECT count(*) FROM shares_updated)::int + (SELECT count(*) FROM shares_inserted)::int
               + (SELECT count(*) FROM shares_removed)::int AS share_rows`;
}

/** Runs featureUpsertSql inside the caller's transaction `tx`. */
async function writeFeatures(tx: Db, asOf: Date, members: MemberSet, onlyChanged: boolean): Promise<FeatureWriteResult> {
  // Without JIT, for the rest of the transaction: for a set-based pass, compiling this one long statement
  // costs seconds for a plan that runs once; for a few members, its row estimates are far too high, and
  // PostgreSQL compiled it for 1.8 s of a 2.7 s refresh of 200 members at 1M.
  await tx.execute(sql`SET LOCAL jit = off`);
  const [row] = await selectRows<{ members: number; changed: number; churn_rows: number }>(tx, featureUpsertSql(asOf, members, onlyChanged));
  return { members: row?.members ?? 0, changed: row?.changed ?? 0, churnRows: row?.churn_rows ?? 0 };
}

/**
 * Recomputes the features of these members as of `now`, inside the caller's transaction. The queue job
 * (queue.ts) calls it for the members ingestion touched, seconds later. Costs one indexed pass over each
 * member's own receipts and events.
 */
export async function refreshMemberFeatures(db: Db, memberIds: readonly string[], now: Date): Promise<FeatureWriteResult> {
  const ids = [...new Set(memberIds.filter(isUuid))].sort();
  if (ids.length === 0) return { members: 0, changed: 0, churnRows: 0 };
  // A savepoint inside the caller's transaction, or a transaction of its own: the locks must last until commit.
  return db.transaction(async (tx) => {
    if (ids.length > MANY_MEMBERS) {
      await lockAllMemberFeatures(tx);
    } else {
      await tx.execute(sql`SELECT pg_advisory_xact_lock_shared(${MANY_MEMBERS_LOCK}, 0)`);
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${MEMBER_LOCK}, hashtext(id::text)) FROM (SELECT unnest(${uuidArray(ids)}) AS id ORDER BY 1) ids`);
    }
    return writeFeatures(tx, now, { kind: "ids", ids }, false);
  });
}

export interface SetBasedOptions {
  /** Only members matching this condition on `m` (members), e.g. one store's; all members when absent. */
  members?: SQL;
}

async function setBasedRefresh(db: Db, now: Date, kind: "rebuild" | "windowed", members: MemberSet, whole: boolean): Promise<FeatureWriteResult> {
  const started = performance.now();
  const result = await db.transaction(async (tx) => {
    await lockAllMemberFeatures(tx);
    // Hash aggregates over every receipt, line and event: the default 4 MB of work_mem would spill to disk.
    await tx.execute(sql`SET LOCAL work_mem = '256MB'`);
    // The members recomputed here leave the refresh queue: its rows were committed before this statement, so
    // the computation, a later statement, sees what they announced.
    if (members.kind === "all") await tx.execute(sql`DELETE FROM member_feature_queue`);
    if (members.kind === "where") await tx.execute(sql`DELETE FROM member_feature_queue q USING members m WHERE m.id = q.member_id AND ${members.where}`);
    const result = await writeFeatures(tx, now, members, true);
    await tx.insert(memberFeatureRuns).values({ kind, asOf: now, members: result.members, changed: result.changed, elapsedMs: Math.round(performance.now() - started) });
    return result;
  });
  // A set-based pass rewrites up to every row: without a vacuum the table carries as many dead rows (at 1M
  // members a 3-condition count read 593 MB instead of 356, 420 ms instead of 170), and without fresh
  // statistics the planner keeps the plans of the old figures (a full scan where an index now pays).
  // Outside the transaction: VACUUM cannot run inside one. Not FULL: readers and writers go on meanwhile.
  // Only after a pass over the whole program (`whole`): a pass over a few members leaves little behind.
  // member_category_features too: never analysed, the planner took 190k category rows for 5.6k and chose
  // 190k index probes (1.4 s for the 10-condition bench segment at 1M members; 0.8 s once analysed).
  if (whole && result.changed + result.churnRows > 0) await db.execute(sql`VACUUM (ANALYZE) member_features, member_hot_features, member_category_features, member_churn_features`);
  return result;
}

/**
 * Recomputes every member's features as of `now` in one set-based statement (hash aggregates over all
 * receipts, lines and events), rewriting only rows that changed. Sales ingestion waits for it (it holds the
 * many-members lock): run it at night, or after a bulk load. See docs/segments.md for its time at 1M members.
 */
export async function rebuildMemberFeatures(db: Db, now: Date, options: SetBasedOptions = {}): Promise<FeatureWriteResult> {
  return setBasedRefresh(db, now, "rebuild", options.members ? { kind: "where", where: options.members } : { kind: "all" }, !options.members);
}

/**
 * The daily refresh: windowed figures (last 30/90/180/365 days) shrink as time passes even when a member
 * does nothing, so every row that had activity inside its windows when it was computed (or was never
 * computed) is recomputed as of `now`. Rows with no activity in their windows hold zeros that stay true.
 */
export async function refreshWindowedMemberFeatures(db: Db, now: Date, options: SetBasedOptions = {}): Promise<FeatureWriteResult> {
  const where = sql`m.id IN (SELECT member_id FROM member_features
                              WHERE as_of IS NULL OR last_activity_at >= as_of - interval '365 days')
                    AND ${options.members ?? sql`true`}`;
  return setBasedRefresh(db, now, "windowed", { kind: "where", where }, !options.members);
}

/**
 * True when member_features was never computed set-based (a database seeded before the features existed),
 * or member_churn_features is empty while members have bought (one migrated from before it, 0026).
 */
export async function memberFeaturesNeverBuilt(db: Db): Promise<boolean> {
  const [row] = await selectRows<{ never: boolean }>(
    db,
    sql`SELECT (NOT EXISTS (SELECT 1 FROM member_feature_runs) AND EXISTS (SELECT 1 FROM members))
            OR (NOT EXISTS (SELECT 1 FROM member_churn_features) AND EXISTS (SELECT 1 FROM member_features WHERE purchases > 0)) AS never`,
  );
  return row?.never === true;
}
