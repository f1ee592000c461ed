import "server-only";
import { sql } from "drizzle-orm";
import type { ConsentPurpose } from "../schema/privacy";
import type { Db } from "../client";
import { selectRows } from "../sql";
import { isUuid } from "./scope";

/** One `member.view` entry per staff member and member within this window, however often the page is opened. */
export const MEMBER_VIEW_WINDOW_MINUTES = 60;

/**
 * Logs that a staff member looked at a member's personal data. A repeat within the window writes nothing,
 * which keeps the log to about one row per staff member, member and hour (a concurrent pair of requests may
 * write two; harmless). Written here rather than through recordAudit because the insert is conditional.
 */
export async function recordMemberView(db: Db, params: { staffId: string; memberId: string }): Promise<void> {
  if (!isUuid(params.memberId) || !isUuid(params.staffId)) return;
  await db.execute(sql`
    INSERT INTO audit_log (actor_kind, actor_id, action, entity_type, entity_id)
    SELECT 'staff', ${params.staffId}::uuid, 'member.view', 'member', ${params.memberId}
    WHERE NOT EXISTS (
      SELECT 1 FROM audit_log
      WHERE entity_type = 'member' AND entity_id = ${params.memberId} AND action = 'member.view' AND actor_id = ${params.staffId}::uuid
        AND created_at > now() - make_interval(mins => ${MEMBER_VIEW_WINDOW_MINUTES})
    )`);
}

export interface ConsentTotals {
  purpose: ConsentPurpose;
  granted: number;
  withdrawn: number;
}

/** Decisions on file per purpose across all members (the privacy page's figures). */
export async function consentTotals(db: Db): Promise<ConsentTotals[]> {
  return selectRows<ConsentTotals>(
    db,
    sql`SELECT purpose, (count(*) FILTER (WHERE status = 'granted'))::int AS granted, (count(*) FILTER (WHERE status = 'withdrawn'))::int AS withdrawn
        FROM member_consents GROUP BY purpose ORDER BY purpose`,
  );
}

/** Members and how many of them were erased (the privacy page). */
export async function memberStatusTotals(db: Db): Promise<{ members: number; erased: number }> {
  const [row] = await selectRows<{ members: number; erased: number }>(
    db,
    sql`SELECT count(*)::int AS members, (count(*) FILTER (WHERE status = 'erased'))::int AS erased FROM members`,
  );
  return row ?? { members: 0, erased: 0 };
}
