import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit, type AuditActor } from "@/db/queries/audit";
import { isUuid, storeCondition } from "@/db/queries/scope";
import type { ConsentPurpose, ConsentSource, ConsentStatus, LawfulBasis } from "@/db/schema/privacy";
import { selectRows } from "@/db/sql";
import type { Scope } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { membersWithoutProfilingConsent } from "./profiling";
import { CONSENT_PURPOSES, isAllowed, PURPOSE_RULES } from "./purposes";
import { recordConsentsSchema, type RecordConsentsInput } from "./schemas";

// In profiling.ts (no server-only) so the churn extraction can use it from plain Node; re-exported for existing callers.
export { membersWithoutProfilingConsent };

export interface CurrentConsent {
  purpose: ConsentPurpose;
  /** The latest decision on file; null when none was ever recorded. */
  status: ConsentStatus | null;
  lawfulBasis: LawfulBasis | null;
  source: ConsentSource | null;
  occurredAt: Date | null;
  /** Whether the use is allowed now (opt-in purposes need a grant, opt-out ones a missing objection). */
  allowed: boolean;
}

export interface ConsentContext {
  actor: AuditActor;
  /** Which members the caller reaches; all when absent (API keys, the system). */
  scope?: Scope;
  now?: Date;
}

/**
 * SQL condition: the member in `member` (a member id column, `m.id` by default) may be reached for
 * `purpose`. Campaign audiences, exports and model code add it to their WHERE clause, e.g.
 * `where ${hasConsent("marketing_email")}` over `members m`.
 */
export function hasConsent(purpose: ConsentPurpose, member: SQL = sql`m.id`): SQL {
  const decided = (status: ConsentStatus) =>
    sql`EXISTS (SELECT 1 FROM member_consents mc WHERE mc.member_id = ${member} AND mc.purpose = ${purpose} AND mc.status = ${status})`;
  return PURPOSE_RULES[purpose].default === "opt_in" ? decided("granted") : sql`NOT ${decided("withdrawn")}`;
}

/** The same set as a list, for code that filters plain arrays (lib/models callers). */
export async function listMembersWithoutProfilingConsent(db: Db): Promise<string[]> {
  const rows = await selectRows<{ member_id: string }>(db, membersWithoutProfilingConsent());
  return rows.map((r) => r.member_id);
}

/** Whether the member is left out of profiling (no individual score, no model training). */
export async function isExcludedFromProfiling(db: Db, memberId: string): Promise<boolean> {
  if (!isUuid(memberId)) return false;
  const [row] = await selectRows<{ excluded: boolean }>(db, sql`SELECT ${memberId}::uuid IN (${membersWithoutProfilingConsent()}) AS excluded`);
  return row?.excluded === true;
}

/** Each purpose's current state for one member, in the order of CONSENT_PURPOSES. */
export async function currentConsents(db: Db, memberId: string): Promise<CurrentConsent[]> {
  if (!isUuid(memberId)) return [];
  const rows = await selectRows<{ purpose: ConsentPurpose; status: ConsentStatus; lawful_basis: LawfulBasis; source: ConsentSource; occurred_ms: number }>(
    db,
    sql`SELECT purpose, status, lawful_basis, source, (extract(epoch from occurred_at) * 1000)::float8 AS occurred_ms
        FROM member_consents WHERE member_id = ${memberId}`,
  );
  const byPurpose = new Map(rows.map((r) => [r.purpose, r]));
  return CONSENT_PURPOSES.map((purpose) => {
    const row = byPurpose.get(purpose);
    return {
      purpose,
      status: row?.status ?? null,
      lawfulBasis: row?.lawful_basis ?? null,
      source: row?.source ?? null,
      occurredAt: row ? new Date(row.occurred_ms) : null,
      allowed: isAllowed(purpose, row?.status ?? null),
    };
  });
}

export interface ConsentHistoryEntry {
  id: number;
  purpose: ConsentPurpose;
  status: ConsentStatus;
  lawfulBasis: LawfulBasis;
  source: ConsentSource;
  actorKind: "staff" | "api_key" | "system";
  actorName: string | null;
  occurredAt: Date;
  recordedAt: Date;
}

/** The full history, newest first. */
export async function consentHistory(db: Db, memberId: string, limit = 100): Promise<ConsentHistoryEntry[]> {
  if (!isUuid(memberId)) return [];
  const rows = await selectRows<{
    id: number;
    purpose: ConsentPurpose;
    status: ConsentStatus;
    lawful_basis: LawfulBasis;
    source: ConsentSource;
    actor_kind: ConsentHistoryEntry["actorKind"];
    actor_name: string | null;
    occurred_ms: number;
    created_ms: number;
  }>(
    db,
    sql`SELECT e.id::float8 AS id, e.purpose, e.status, e.lawful_basis, e.source, e.actor_kind, u.name AS actor_name,
               (extract(epoch from e.occurred_at) * 1000)::float8 AS occurred_ms, (extract(epoch from e.created_at) * 1000)::float8 AS created_ms
        FROM consent_events e LEFT JOIN staff_users u ON u.id = e.actor_id AND e.actor_kind = 'staff'
        WHERE e.member_id = ${memberId} ORDER BY e.occurred_at DESC, e.id DESC LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    id: r.id,
    purpose: r.purpose,
    status: r.status,
    lawfulBasis: r.lawful_basis,
    source: r.source,
    actorKind: r.actor_kind,
    actorName: r.actor_name,
    occurredAt: new Date(r.occurred_ms),
    recordedAt: new Date(r.created_ms),
  }));
}

/**
 * Records consent decisions for one member: appended to the history (the current state follows by
 * trigger) with an audit entry naming purposes and states only, in one transaction. Refuses an erased
 * member (conflict), an unknown or out-of-scope one (not found) and a decision dated in the future.
 */
export async function recordConsents(db: Db, input: RecordConsentsInput, ctx: ConsentContext): Promise<CurrentConsent[]> {
  const parsed = recordConsentsSchema.safeParse(input);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".")))].join(", ");
    throw new AppError("invalid_input", `Please check: ${fields}.`);
  }
  const { memberId, source, changes } = parsed.data;
  const now = ctx.now ?? new Date();
  const future = changes.findIndex((c) => c.occurredAt && c.occurredAt.getTime() > now.getTime() + 60_000);
  if (future >= 0) throw new AppError("invalid_input", `changes.${future}.occurredAt lies in the future.`, { [`changes.${future}.occurredAt`]: ["In the future."] });

  await db.transaction(async (tx) => {
    // The row lock orders this against an erasure of the same member.
    const [member] = await selectRows<{ status: string }>(
      tx,
      sql`SELECT status FROM members m WHERE m.id = ${memberId} AND ${storeCondition(sql`m.home_store_id`, ctx.scope ?? { kind: "all" })} FOR UPDATE`,
    );
    if (!member) throw new AppError("not_found", "No such member.");
    if (member.status === "erased") throw new AppError("conflict", "This member was erased; no consent can be recorded.");
    const before = await currentConsents(tx, memberId);
    await insertConsentEvents(tx, memberId, source, ctx.actor, changes.map((c) => ({ ...c, occurredAt: c.occurredAt ?? now })));
    const touched = new Set(changes.map((c) => c.purpose));
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "consent.record",
      entityType: "member",
      entityId: memberId,
      before: Object.fromEntries(before.filter((b) => touched.has(b.purpose)).map((b) => [b.purpose, b.status ? `${b.status} (${b.lawfulBasis})` : null])),
      after: Object.fromEntries(changes.map((c) => [c.purpose, `${c.status} (${c.lawfulBasis})`])),
    });
  });
  return currentConsents(db, memberId);
}

interface ConsentRow {
  purpose: ConsentPurpose;
  status: ConsentStatus;
  lawfulBasis: LawfulBasis;
  occurredAt: Date;
}

export async function insertConsentEvents(db: Db, memberId: string, source: ConsentSource, actor: AuditActor, rows: readonly ConsentRow[]): Promise<void> {
  const values = rows.map(
    (r) =>
      sql`(${memberId}::uuid, ${r.purpose}::consent_purpose, ${r.status}::consent_status, ${r.lawfulBasis}::lawful_basis, ${source}::consent_source,
           ${actor.kind}::audit_actor_kind, ${actor.kind === "system" ? null : actor.id}::uuid, ${r.occurredAt.toISOString()}::timestamptz)`,
  );
  await db.execute(
    sql`INSERT INTO consent_events (member_id, purpose, status, lawful_basis, source, actor_kind, actor_id, occurred_at) VALUES ${sql.join(values, sql`, `)}`,
  );
}
