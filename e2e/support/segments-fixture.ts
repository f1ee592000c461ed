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
  };
  writeFileSync(FILE, JSON.stringify(expectations, null, 2));
}

export function loadSegmentExpectations(): SegmentExpectations {
  return JSON.parse(readFileSync(FILE, "utf8")) as SegmentExpectations;
}
