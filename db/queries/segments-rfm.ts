import "server-only";
import { sql } from "drizzle-orm";
import type { Scope } from "@/lib/auth/permissions";
import type { RfmValues } from "@/lib/models/rfm";
import type { Db } from "../client";
import { selectRows } from "../sql";
import { memberBase } from "./segments-rule";

/**
 * R, F and M of every member with a purchase in the scope, from member_features, in the units the segment
 * catalogue uses: recency as whole days to `now` (as `recency_days` compiles), purchases, net spend in
 * minor units. Three numbers per member; at a million members about 100 MB in memory for the scoring.
 */
export async function loadRfmValues(db: Db, params: { scope: Scope; now: Date }): Promise<Array<RfmValues & { memberId: string }>> {
  const now = sql`${params.now.toISOString()}::timestamptz`;
  const rows = await selectRows<{ id: string; r: number; f: number; m: number }>(
    db,
    sql`SELECT f.member_id AS id, floor((date_part('epoch', ${now}) - date_part('epoch', f.last_purchase_at)) / 86400.0)::float8 AS r,
               f.purchases AS f, f.net_spend_minor::float8 AS m
          FROM member_features f
         WHERE ${memberBase(params.scope)} AND f.last_purchase_at IS NOT NULL`,
  );
  return rows.map((row) => ({ memberId: row.id, recencyDays: Number(row.r), frequency: Number(row.f), monetary: Number(row.m) }));
}
