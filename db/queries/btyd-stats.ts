import "server-only";
import { sql } from "drizzle-orm";
import type { RfmStats } from "@/lib/models/btyd";
import type { Db } from "../client";
import { selectRows } from "../sql";
import { eligibleMembers } from "./churn-labels";

const DAY_MS = 86_400_000;

/**
 * BTYD's sufficient statistics as of a cutoff, in weeks, from member sales before it only: purchases on the
 * same (UTC) day are one transaction (the CDNOW convention), x = purchase days after the first, t_x = the last
 * one's time after the first, T = the cutoff's time after the first. Members as in the churn labels.
 */
export async function btydStatsAsOf(db: Db, params: { cutoff: Date; memberIds?: readonly string[] }): Promise<Map<string, RfmStats>> {
  const rows = await selectRows<{ memberId: string; x: number; firstDay: string; lastDay: string }>(
    db,
    sql`
      with eligible as (${eligibleMembers(params.cutoff, params.memberIds)}),
      days as (
        select t.member_id, date_trunc('day', t.occurred_at at time zone 'UTC') as day
        from transactions t join eligible e on e.id = t.member_id
        where t.kind = 'sale' and t.occurred_at < ${params.cutoff.toISOString()}::timestamptz
        group by 1, 2
      )
      select member_id as "memberId", (count(*) - 1)::int as x,
             min(day)::text as "firstDay", max(day)::text as "lastDay"
      from days group by member_id`,
  );
  const weeks = (ms: number) => ms / (7 * DAY_MS);
  const out = new Map<string, RfmStats>();
  for (const row of rows) {
    const first = Date.parse(`${row.firstDay.slice(0, 10)}T00:00:00Z`);
    const last = Date.parse(`${row.lastDay.slice(0, 10)}T00:00:00Z`);
    out.set(row.memberId, { x: row.x, tx: weeks(last - first), T: weeks(params.cutoff.getTime() - first) });
  }
  return out;
}
