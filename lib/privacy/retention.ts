import "server-only";
import { eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit, type AuditActor } from "@/db/queries/audit";
import { privacySettings, type EventRetentionMode } from "@/db/schema/privacy";
import { selectRows } from "@/db/sql";
import { eraseMembers } from "./erasure";
import { MEMBER_DATA } from "./registry";
import { columnRef, tableRef } from "./registry-sql";
import { privacySettingsSchema, type PrivacySettingsInput } from "./schemas";
import { AppError } from "@/lib/errors";

export interface RetentionSettings {
  eventRetentionMonths: number;
  eventRetentionMode: EventRetentionMode;
  /** Null: inactive members are kept. */
  inactiveMemberMonths: number | null;
  loginAttemptRetentionDays: number;
}

export interface RetentionResult {
  eventsDeleted: number;
  /** Of the deleted events, how many were first counted into engagement_monthly. */
  eventsAggregated: number;
  membersErased: number;
  loginAttemptsDeleted: number;
}

export async function getRetentionSettings(db: Db): Promise<RetentionSettings & { updatedAt: Date | null }> {
  const [row] = await db.select().from(privacySettings).where(eq(privacySettings.id, 1));
  // The migration writes the row; the defaults below only cover a database where someone removed it.
  return {
    eventRetentionMonths: row?.eventRetentionMonths ?? 24,
    eventRetentionMode: row?.eventRetentionMode ?? "aggregate",
    inactiveMemberMonths: row?.inactiveMemberMonths ?? null,
    loginAttemptRetentionDays: row?.loginAttemptRetentionDays ?? 90,
    updatedAt: row?.updatedAt ?? null,
  };
}

/** Changes the retention settings with an audit entry (before and after) in the same transaction. */
export async function updateRetentionSettings(db: Db, input: PrivacySettingsInput, actor: AuditActor): Promise<RetentionSettings> {
  const parsed = privacySettingsSchema.safeParse(input);
  if (!parsed.success) throw new AppError("invalid_input", "Please check the retention settings.");
  const next = parsed.data;
  return db.transaction(async (tx) => {
    const { updatedAt: _updatedAt, ...before } = await getRetentionSettings(tx);
    await tx
      .insert(privacySettings)
      .values({ id: 1, ...next, updatedBy: actor.kind === "staff" ? actor.id : null })
      .onConflictDoUpdate({ target: privacySettings.id, set: { ...next, updatedBy: actor.kind === "staff" ? actor.id : null, updatedAt: new Date() } });
    await recordAudit(tx, { actor, action: "privacy_settings.update", entityType: "privacy_settings", entityId: "1", before, after: next });
    return next;
  });
}

const BATCH_EVENTS = 50_000;
const BATCH_MEMBERS = 500;

const monthsBefore = (now: Date, months: number): SQL => sql`(${now.toISOString()}::timestamptz - make_interval(months => ${months}))`;

async function countOf(db: Db, query: SQL): Promise<number> {
  const [row] = await selectRows<{ n: number }>(db, query);
  return row?.n ?? 0;
}

/** Deletes raw events older than the cutoff in batches, counting them into engagement_monthly first when aggregating. */
async function expireEvents(db: Db, cutoff: SQL, mode: EventRetentionMode): Promise<number> {
  let total = 0;
  for (;;) {
    const batch = sql`DELETE FROM engagement_events WHERE id IN (
      SELECT id FROM engagement_events WHERE occurred_at < ${cutoff} ORDER BY occurred_at LIMIT ${BATCH_EVENTS}
    ) RETURNING member_id, occurred_at, channel, type`;
    const n =
      mode === "delete"
        ? await countOf(db, sql`WITH gone AS (${batch}) SELECT count(*)::int AS n FROM gone`)
        : await countOf(
            db,
            sql`WITH gone AS (${batch}),
                counted AS (
                  INSERT INTO engagement_monthly AS e (member_id, month, channel, type, events)
                  SELECT member_id, date_trunc('month', occurred_at AT TIME ZONE sales_daily_tz())::date, channel, type, count(*)::int
                  FROM gone GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
                  ON CONFLICT (member_id, month, channel, type) DO UPDATE SET events = e.events + excluded.events, updated_at = now()
                  RETURNING 1
                )
                SELECT count(*)::int AS n FROM gone`,
          );
    total += n;
    if (n < BATCH_EVENTS) return total;
  }
}

/**
 * Members with no activity since the cutoff: not erased, joined before it, and no row after it in any
 * registry table that declares an activity column (receipts, events, and whatever later areas declare).
 */
function inactiveMembers(cutoff: SQL, limit: number): SQL {
  const conditions = MEMBER_DATA.filter((t) => t.activity).map((t) => {
    const activity = columnRef(t.activity ?? "");
    if (t.link.kind === "self") return sql`m.${activity} < ${cutoff}`;
    if (t.link.kind !== "column") throw new Error(`${t.key}: an activity column needs a direct member link`);
    return sql`NOT EXISTS (SELECT 1 FROM ${tableRef(t.table)} a WHERE a.${columnRef(t.link.column)} = m.id AND a.${activity} >= ${cutoff})`;
  });
  return sql`SELECT m.id FROM members m WHERE m.status <> 'erased' AND ${sql.join(conditions, sql` AND `)} ORDER BY m.id LIMIT ${limit}`;
}

/**
 * The retention job (register it with the job runner, daily): raw engagement events older than the
 * retention period are aggregated or deleted; members inactive for longer than their period are erased
 * through the erasure path (at most `maxMembers` per run, so one run stays bounded); old sign-in attempts
 * are deleted. `settings` overrides the stored ones (tests).
 */
export async function enforceRetention(
  db: Db,
  now: Date,
  options: { settings?: RetentionSettings; maxMembers?: number; actor?: AuditActor } = {},
): Promise<RetentionResult> {
  const settings = options.settings ?? (await getRetentionSettings(db));
  const actor = options.actor ?? { kind: "system" };
  const eventsDeleted = await expireEvents(db, monthsBefore(now, settings.eventRetentionMonths), settings.eventRetentionMode);

  let membersErased = 0;
  if (settings.inactiveMemberMonths !== null) {
    const cutoff = monthsBefore(now, settings.inactiveMemberMonths);
    const maxMembers = options.maxMembers ?? 10_000;
    while (membersErased < maxMembers) {
      const ids = (await selectRows<{ id: string }>(db, inactiveMembers(cutoff, Math.min(BATCH_MEMBERS, maxMembers - membersErased)))).map((r) => r.id);
      if (ids.length === 0) break;
      membersErased += (await eraseMembers(db, ids, { actor, reason: "retention", now })).memberIds.length;
    }
  }

  const loginAttemptsDeleted = await countOf(
    db,
    sql`WITH gone AS (DELETE FROM login_attempts WHERE created_at < ${now.toISOString()}::timestamptz - make_interval(days => ${settings.loginAttemptRetentionDays}) RETURNING 1)
        SELECT count(*)::int AS n FROM gone`,
  );
  const result = {
    eventsDeleted,
    eventsAggregated: settings.eventRetentionMode === "aggregate" ? eventsDeleted : 0,
    membersErased,
    loginAttemptsDeleted,
  };
  if (eventsDeleted + membersErased + loginAttemptsDeleted > 0) {
    await recordAudit(db, { actor, action: "retention.enforce", entityType: "privacy_settings", entityId: "1", after: { ...result, settings } });
  }
  return result;
}
