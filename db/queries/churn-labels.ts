import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { membersWithoutProfilingConsent } from "@/lib/privacy/profiling";
import type { Db } from "../client";
import { selectRows } from "../sql";
import { isUuid } from "./scope";
import { DAY_MS } from "../../lib/time";

// The definitions here are written out in docs/churn.md ("Label"); change both together.

export const DEFAULT_HORIZON_DAYS = 90;

export interface ChurnLabelParams {
  /** The moment features are taken at; the label looks at [cutoff, cutoff + horizonDays). */
  cutoff: Date;
  horizonDays?: number;
  /** Only these members (e.g. one program's members in a shared database); all eligible members when absent. */
  memberIds?: readonly string[];
  /** Only the members matching this condition on `m` (members), e.g. the training sample (inSample). */
  where?: SQL;
  /**
   * The end of the data: a window that reaches past it would call members churned who simply have not had
   * the time to buy yet, so it is refused. Defaults to now.
   */
  observedUntil?: Date;
}

export interface ChurnLabel {
  memberId: string;
  /** True when the member made no sale in [cutoff, cutoff + horizon). */
  churned: boolean;
}

export function labelWindowEnd(cutoff: Date, horizonDays: number): Date {
  return new Date(cutoff.getTime() + horizonDays * DAY_MS);
}

/**
 * The members who could churn at a cutoff (columns id, joined_at): joined before it, with at least one
 * sale before it, not erased, and not objecting to profiling (they are neither scored nor trained on);
 * narrowed to `memberIds` and to the condition `where` on `m` when given. Labels, BTYD statistics and the
 * churn features (db/queries/features/churn.ts) select the same members.
 */
export function eligibleMembers(cutoff: Date, memberIds?: readonly string[], where?: SQL): SQL {
  const invalid = memberIds?.find((id) => !isUuid(id));
  if (invalid !== undefined) throw new AppError("invalid_input", `memberIds: "${invalid}" is not a member id`);
  const at = cutoff.toISOString();
  const only = memberIds ? sql`and m.id = any(${`{${memberIds.join(",")}}`}::uuid[])` : sql``;
  return sql`select m.id, m.joined_at from members m
    where ${memberCouldChurn("m", cutoff)}
      and exists (select 1 from transactions t where t.member_id = m.id and t.kind = 'sale' and t.occurred_at < ${at}::timestamptz)
      ${only} ${where ? sql`and (${where})` : sql``}`;
}

/**
 * The conditions on the member `alias` (a row of members) of eligibleMembers but the sale: joined before the
 * cutoff, not erased, not objecting to profiling. The kept inputs' readers (churn-score-input.ts) add the
 * sale from their own row.
 */
export function memberCouldChurn(alias: "m" | "mem", cutoff: Date): SQL {
  const m = sql.raw(alias);
  return sql`${m}.joined_at < ${cutoff.toISOString()}::timestamptz and ${m}.status <> 'erased'
      and ${m}.id not in (${membersWithoutProfilingConsent()})`;
}

/**
 * Churn labels at a cutoff, for the members who could churn then: joined before the cutoff, with at least
 * one sale before it (a member who never bought has nothing to stop), and not erased. Churned = no sale in
 * the `horizonDays` after the cutoff; returns do not count as purchases, and a sale exactly at the cutoff
 * counts as after it (features see only what happened strictly before). Nothing after cutoff + horizon is
 * read, so later data never changes a label.
 *
 * Program-wide, with no store scope: it feeds model training and evaluation, which only admins and
 * marketers run (permission models:run), never a store manager's list.
 */
export async function churnLabels(db: Db, params: ChurnLabelParams): Promise<ChurnLabel[]> {
  const horizonDays = params.horizonDays ?? DEFAULT_HORIZON_DAYS;
  if (!Number.isInteger(horizonDays) || horizonDays < 1 || horizonDays > 3650) {
    throw new AppError("invalid_input", `horizonDays must be an integer from 1 to 3650, got ${horizonDays}`);
  }
  if (Number.isNaN(params.cutoff.getTime())) throw new AppError("invalid_input", "cutoff is not a valid date");
  const windowEnd = labelWindowEnd(params.cutoff, horizonDays);
  const observedUntil = params.observedUntil ?? new Date();
  if (windowEnd > observedUntil) {
    throw new AppError(
      "invalid_input",
      `the label window ends ${windowEnd.toISOString()}, after the data ends (${observedUntil.toISOString()}): choose an earlier cutoff or a shorter horizon`,
    );
  }
  const cutoff = params.cutoff.toISOString();
  const rows = await selectRows<{ member_id: string; churned: boolean }>(
    db,
    sql`select e.id as member_id,
          not exists (
            select 1 from transactions t
            where t.member_id = e.id and t.kind = 'sale'
              and t.occurred_at >= ${cutoff}::timestamptz and t.occurred_at < ${windowEnd.toISOString()}::timestamptz
          ) as churned
        from (${eligibleMembers(params.cutoff, params.memberIds, params.where)}) e
        order by e.id`,
  );
  return rows.map((r) => ({ memberId: r.member_id, churned: r.churned }));
}
