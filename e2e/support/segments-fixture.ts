/**
 * Segment data for e2e/segments.spec.ts, made by the e2e server before the app starts (PGlite allows one
 * process per data directory, so specs cannot write or query it later): one saved segment, and the counts
 * the specs expect, from SQL written straight over member_features, independent of the segment compiler.
 */
import path from "node:path";
import { readFileSync, writeFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { segments } from "../../db/schema";
import { selectRows } from "../../db/sql";
import { DEMO_USERS } from "../../db/seed/demo-users";

const FILE = path.join(process.cwd(), ".data", "e2e-segments.json");

/** Values that do not move with the clock: no window ends "now", so a count made minutes later agrees. */
export const E2E_RULE = {
  all: [
    { field: "spend_365d", op: "gt", value: 10_000 },
    { event: "purchase", channel: "online", did: false },
    { event: "app_open" },
  ],
};

export interface SegmentExpectations {
  segmentId: string;
  segmentName: string;
  all: number;
  manager: { email: string; count: number };
  /** A member of the segment in the manager's stores, and one not in the segment. */
  memberIn: string;
  memberOut: string;
  builder: BuilderExpectations;
}

/**
 * The builder spec's segment, condition by condition: "spent more than 200 in the last 90 days" (20,000 minor
 * units of spend_90d), "AND never bought online", "AND opened the app in the last 30 days". The first two do
 * not move with the clock; the third's window ends at the moment of the count, so instead of a number the
 * fixture lists the members of the first two with their last app open, and the spec counts those inside the
 * window at the time it reads the page (builderCandidates).
 */
export interface BuilderExpectations {
  /** Members who spent more than 200 in the last 90 days. */
  spend: number;
  /** Those of them who never bought online, with their last app open (null: never). */
  candidates: Array<{ externalId: string | null; storeId: string | null; lastAppOpenMs: number | null }>;
}

const DAY_MS = 86_400_000;

async function builderExpectations(db: Db): Promise<BuilderExpectations> {
  const spend = sql`f.status <> 'erased' and f.spend_90d_minor > 20000`;
  const [a] = await selectRows<{ n: number }>(db, sql`select count(*)::int as n from member_features f where ${spend}`);
  const rows = await selectRows<{ external_id: string | null; store_id: string | null; opened_ms: number | null }>(
    db,
    sql`select m.external_id, f.home_store_id as store_id, (extract(epoch from f.last_app_open_at) * 1000)::float8 as opened_ms
          from member_features f join members m on m.id = f.member_id
         where ${spend} and f.purchases_online = 0`,
  );
  return {
    spend: a!.n,
    candidates: rows.map((r) => ({ externalId: r.external_id, storeId: r.store_id, lastAppOpenMs: r.opened_ms === null ? null : Number(r.opened_ms) })),
  };
}

/**
 * The candidates counted by the builder at `at` (ms): all of them, or (`appOpenWithin30Days`) those who opened the
 * app in the 30 days before `at`; within the given stores when given.
 */
export function builderCandidates(builder: BuilderExpectations, options: { at?: number; storeIds?: readonly string[] } = {}): BuilderExpectations["candidates"] {
  return builder.candidates.filter(
    (c) =>
      (options.at === undefined || (c.lastAppOpenMs !== null && c.lastAppOpenMs >= options.at - 30 * DAY_MS)) &&
      (!options.storeIds || (c.storeId !== null && options.storeIds.includes(c.storeId))),
  );
}

export async function prepareSegmentExpectations(db: Db): Promise<void> {
  const name = `E2E app regulars ${Date.now()}`;
  const [segment] = await db.insert(segments).values({ name, rule: E2E_RULE }).returning({ id: segments.id });
  const manager = DEMO_USERS.find((u) => u.role === "store_manager")!;
  const stores = (
    await selectRows<{ id: string }>(db, sql`select us.store_id as id from staff_user_stores us join staff_users u on u.id = us.staff_user_id where u.email = ${manager.email}`)
  ).map((s) => s.id);
  const inSegment = sql`status <> 'erased' and spend_365d_minor > 10000 and purchases_online = 0 and last_app_open_at is not null`;
  const [all] = await selectRows<{ n: number }>(db, sql`select count(*)::int as n from member_features where ${inSegment}`);
  const [mine] = await selectRows<{ n: number }>(db, sql`select count(*)::int as n from member_features where ${inSegment} and home_store_id in ${stores}`);
  const [memberIn] = await selectRows<{ id: string }>(db, sql`select member_id as id from member_features where ${inSegment} and home_store_id in ${stores} order by member_id limit 1`);
  const [memberOut] = await selectRows<{ id: string }>(db, sql`select member_id as id from member_features where not (${inSegment}) and home_store_id in ${stores} order by member_id limit 1`);
  const expectations: SegmentExpectations = {
    segmentId: segment!.id,
    segmentName: name,
    all: all!.n,
    manager: { email: manager.email, count: mine!.n },
    memberIn: memberIn!.id,
    memberOut: memberOut!.id,
    builder: await builderExpectations(db),
  };
  writeFileSync(FILE, JSON.stringify(expectations, null, 2));
}

export function loadSegmentExpectations(): SegmentExpectations {
  return JSON.parse(readFileSync(FILE, "utf8")) as SegmentExpectations;
}
