import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { CompressedRfm, MemberInput, SpendStats } from "@/lib/models/btyd";
import type { Db } from "../client";
import { selectRows } from "../sql";
import { eligibleMembers } from "./churn-labels";
import { purchaseDayCtes } from "./features/sql";

/**
 * Purchase days before the cutoff (purchaseDayCtes) of the members as in the churn labels (eligibleMembers:
 * joined before the cutoff, a sale before it, not erased, profiling allowed).
 */
export function purchaseDayStats(cutoff: Date, memberIds?: readonly string[], where?: SQL): SQL {
  return sql`eligible AS (${eligibleMembers(cutoff, memberIds, where)}),
    ${purchaseDayCtes(cutoff, sql`JOIN eligible e ON e.id = t.member_id`, sql`true`)}`;
}

/**
 * BTYD's sufficient statistics as of a cutoff, in weeks, from member sales before it only: x = purchase
 * days after the first, t_x = the last one's time after the first, T = the cutoff's time after the first;
 * meanSpend = the mean value of the repeat purchase days in the program currency, minor units (NaN when
 * none), for Gamma-Gamma.
 */
export async function btydStatsAsOf(
  db: Db,
  params: { cutoff: Date; memberIds?: readonly string[]; where?: SQL },
): Promise<Map<string, MemberInput & { repeatsValued: number }>> {
  const rows = await selectRows<{ member_id: string; x: number; tx: number; t_total: number; mean_repeat_minor: number | null; repeats_valued: number }>(
    db,
    sql`WITH ${purchaseDayStats(params.cutoff, params.memberIds, params.where)} SELECT * FROM stats`,
  );
  const out = new Map<string, MemberInput & { repeatsValued: number }>();
  for (const r of rows) {
    out.set(r.member_id, { x: r.x, tx: r.tx, T: r.t_total, meanSpend: r.mean_repeat_minor ?? Number.NaN, repeatsValued: r.repeats_valued });
  }
  return out;
}

/**
 * What the BTYD fits need for every eligible member, compressed in SQL so the transfer does not grow with
 * the member base: (x, t_x, T) on a weekly grid with counts (BG/NBD), and (repeats, mean repeat spend)
 * per repeat customer rounded to whole minor units, with counts (Gamma-Gamma). One statement: the
 * statistics are computed once (a CTE read twice is materialized) and grouped both ways; ordered, so the
 * fits sum their likelihoods in the same order whatever plan PostgreSQL picks.
 */
export async function btydFitInputs(
  db: Db,
  params: { cutoff: Date; where?: SQL; /** CTEs ending in `stats` (as purchaseDayStats's) to read instead: the kept inputs' (keptBtydStats). */ stats?: SQL },
): Promise<{ rfm: CompressedRfm[]; spend: SpendStats[] }> {
  const rows = await selectRows<{ kind: "rfm" | "spend"; x: number; a: number; b: number | null; n: number }>(
    db,
    sql`WITH ${params.stats ?? purchaseDayStats(params.cutoff, undefined, params.where)}
        SELECT 'rfm' AS kind, x, round(tx)::float8 AS a, round(t_total)::float8 AS b, count(*)::int AS n FROM stats GROUP BY 2, 3, 4
        UNION ALL
        SELECT 'spend', repeats_valued, round(mean_repeat_minor)::float8, NULL, count(*)::int
          FROM stats WHERE repeats_valued > 0 AND mean_repeat_minor >= 1 GROUP BY 2, 3
        ORDER BY 1, 2, 3, 4`,
  );
  const rfm = rows.filter((r) => r.kind === "rfm");
  const spend = rows.filter((r) => r.kind === "spend");
  return {
    // Rounding can put t_x past T by half a week for a purchase in the last days; T bounds it.
    rfm: rfm.map((r) => ({ x: r.x, tx: r.x === 0 ? 0 : Math.min(r.a, r.b as number), T: r.b as number, count: r.n })),
    spend: spend.flatMap((s) => Array.from({ length: s.n }, () => ({ x: s.x, meanSpend: s.a }))),
  };
}
