/**
 * What the specs expect to see, computed with SQL written from docs/metrics.md straight over the base
 * tables (members, transactions) — independent of the app's own queries, which read the sales_daily rollup.
 */
import path from "node:path";
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { selectRows } from "../../db/sql";
import { DEMO_USERS } from "../../db/seed/demo-users";

export const EXPECTATIONS_FILE = path.join(process.cwd(), ".data", "e2e-expectations.json");

export interface Kpis {
  members: number;
  newMembers: number;
  activeMembers: number;
  repeatRate: number;
  revenueMinor: number;
  transactions: number;
  avgBasketMinor: number;
}

export interface Expectations {
  /** A staff account made for the lockout test alone, so locking it out disturbs no other test. */
  lockoutUser: { email: string; password: string };
  range: { from: string; to: string };
  /** The program's time zone: "today" of the default range is the day there. */
  timeZone: string;
  all: Kpis;
  manager: { email: string; storeIds: string[]; kpis: Kpis; ownMemberId: string; otherMemberId: string };
}

async function kpis(db: Db, range: { from: string; to: string }, storeIds: string[] | null): Promise<Kpis> {
  const homeStore = storeIds ? sql`and home_store_id in ${storeIds}` : sql``;
  const txStore = storeIds ? sql`and store_id in ${storeIds}` : sql``;
  const localDay = (column: string) => sql.raw(`(${column} at time zone (select timezone from program_settings where id = 1))::date`);
  const [m] = await selectRows<{ members: number; new_members: number }>(
    db,
    sql`select count(*) filter (where ${localDay("joined_at")} <= ${range.to}::date)::int as members,
               count(*) filter (where ${localDay("joined_at")} between ${range.from}::date and ${range.to}::date)::int as new_members
          from members where status <> 'erased' ${homeStore}`,
  );
  const [a] = await selectRows<{ active: number }>(
    db,
    sql`select count(distinct member_id)::int as active from transactions
         where kind = 'sale' and member_id is not null ${txStore}
           and ${localDay("occurred_at")} between ${range.to}::date - 89 and ${range.to}::date`,
  );
  const [r] = await selectRows<{ rate: number }>(
    db,
    sql`select coalesce(avg((n >= 2)::int), 0)::float8 as rate from (
          select member_id, count(*) as n from transactions
           where kind = 'sale' and member_id is not null ${txStore}
             and ${localDay("occurred_at")} between ${range.from}::date and ${range.to}::date
           group by member_id) per_member`,
  );
  const [s] = await selectRows<{ revenue: number; sales: number; transactions: number }>(
    db,
    sql`select coalesce(sum(total_minor), 0)::float8 as revenue,
               coalesce(sum(total_minor) filter (where kind = 'sale'), 0)::float8 as sales,
               count(*) filter (where kind = 'sale')::int as transactions
          from transactions where ${localDay("occurred_at")} between ${range.from}::date and ${range.to}::date ${txStore}`,
  );
  return {
    members: m!.members,
    newMembers: m!.new_members,
    activeMembers: a!.active,
    repeatRate: r!.rate,
    revenueMinor: s!.revenue,
    transactions: s!.transactions,
    avgBasketMinor: s!.transactions ? s!.sales / s!.transactions : 0,
  };
}

export async function computeExpectations(db: Db, lockoutUser: Expectations["lockoutUser"]): Promise<Expectations> {
  const [today] = await selectRows<{ from: string; to: string; time_zone: string }>(
    db,
    sql`select (d - 89)::text as "from", d::text as "to", tz as time_zone
          from (select (now() at time zone tz)::date as d, tz from (select timezone as tz from program_settings where id = 1) p) t`,
  );
  const range = { from: today!.from, to: today!.to };
  const manager = DEMO_USERS.find((u) => u.role === "store_manager")!;
  const stores = await selectRows<{ id: string }>(
    db,
    sql`select s.id from stores s join staff_user_stores us on us.store_id = s.id
          join staff_users u on u.id = us.staff_user_id where u.email = ${manager.email}`,
  );
  const storeIds = stores.map((s) => s.id);
  const [own] = await selectRows<{ id: string }>(db, sql`select id from members where home_store_id in ${storeIds} order by joined_at limit 1`);
  const [other] = await selectRows<{ id: string }>(
    db,
    sql`select id from members where home_store_id is not null and not (home_store_id in ${storeIds}) order by joined_at limit 1`,
  );
  return {
    lockoutUser,
    range,
    timeZone: today!.time_zone,
    all: await kpis(db, range, null),
    manager: { email: manager.email, storeIds, kpis: await kpis(db, range, storeIds), ownMemberId: own!.id, otherMemberId: other!.id },
  };
}

export function loadExpectations(): Expectations {
  return JSON.parse(readFileSync(EXPECTATIONS_FILE, "utf8")) as Expectations;
}
