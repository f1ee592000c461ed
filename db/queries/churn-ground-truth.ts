import "server-only";
import { sql } from "drizzle-orm";
import type { TruthRow } from "@/lib/models/churn/ground-truth";
import type { Db } from "../client";
import { selectRows } from "../sql";

/**
 * The demo generator's truth about these members (ground_truth.members): for model evaluation and tests
 * only, never for a product query.
 */
export async function readGroundTruth(db: Db, memberIds: readonly string[]): Promise<TruthRow[]> {
  const rows = await selectRows<{ member_id: string; rate: number; lapse: number; lapsed_at: string | Date | null }>(
    db,
    sql`select member_id, purchase_rate_per_year::float8 as rate, lapse_probability::float8 as lapse, lapsed_at
        from ground_truth.members where member_id = any(${`{${memberIds.join(",")}}`}::uuid[])`,
  );
  return rows.map((r) => ({ memberId: r.member_id, ratePerYear: r.rate, lapseProbability: r.lapse, lapsedAt: r.lapsed_at === null ? null : new Date(r.lapsed_at) }));
}
