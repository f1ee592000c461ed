import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { Db } from "../client";
import { selectRows } from "../sql";
import { eligibleMembers } from "./churn-labels";

/**
 * The members a churn model and the run's BTYD fit learn from when the program is large (docs/churn.md,
 * "Training"): at most `maxMembers` of those who could churn at the latest cutoff, the ones whose id hashes
 * lowest (uuid_hash_extended, then the id to break ties). The same members at every cutoff (members who
 * could churn at an earlier cutoff could at the latest one too), and the same sample every time for the same
 * data: no random generator, no state. With no more members than that, the sample is null: every member.
 */
export interface MemberSample {
  /** The largest (hash, id) in the sample: a member is in it when theirs is not larger. */
  hash: string;
  id: string;
}

export const DEFAULT_MAX_MEMBERS = 100_000;

/** Members per cutoff at most: the option, else env CHURN_TRAIN_MAX_MEMBERS, else 100,000. */
export function trainMaxMembers(option?: number): number {
  const raw = option ?? (process.env.CHURN_TRAIN_MAX_MEMBERS ? Number(process.env.CHURN_TRAIN_MAX_MEMBERS) : DEFAULT_MAX_MEMBERS);
  if (!Number.isInteger(raw) || raw < 1) throw new AppError("invalid_input", `the churn training sample needs a whole number of members >= 1, got ${raw}`);
  return raw;
}

/** SQL condition: the member id `column` is in the sample (true for every member when there is none). */
export function inSample(column: SQL, sample: MemberSample | null | undefined): SQL {
  if (!sample) return sql`true`;
  return sql`(uuid_hash_extended(${column}, 0), ${column}) <= (${sample.hash}::bigint, ${sample.id}::uuid)`;
}

/**
 * The sample of members who could churn at `cutoff` (eligibleMembers), and how many could: one pass over
 * them, hashing each id; the boundary is the maxMembers-th smallest (hash, id).
 */
export async function memberSample(
  db: Db,
  params: { cutoff: Date; maxMembers: number; /** A select of those members' `id`s to use instead of eligibleMembers (the kept inputs' keptEligibleMembers). */ eligible?: SQL },
): Promise<{ sample: MemberSample | null; eligible: number }> {
  const [row] = await selectRows<{ eligible: number; hash: string | null; id: string | null }>(
    db,
    sql`WITH e AS MATERIALIZED (SELECT uuid_hash_extended(x.id, 0) AS h, x.id FROM (${params.eligible ?? eligibleMembers(params.cutoff)}) x)
        SELECT (SELECT count(*)::int FROM e) AS eligible, b.h::text AS hash, b.id::text AS id
          FROM (SELECT 1) one
          LEFT JOIN (SELECT h, id FROM e ORDER BY h, id OFFSET ${params.maxMembers - 1} LIMIT 1) b ON true`,
  );
  const eligible = row?.eligible ?? 0;
  const sample = eligible > params.maxMembers && row?.hash && row.id ? { hash: row.hash, id: row.id } : null;
  return { sample, eligible };
}
