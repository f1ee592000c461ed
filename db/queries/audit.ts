import "server-only";
import type { Db } from "../client";
import { auditLog } from "../schema";

/** Who acted: a signed-in staff member, an API key, or the system itself (scheduled jobs, the seed). */
export type AuditActor = { kind: "staff"; id: string } | { kind: "api_key"; id: string } | { kind: "system" };

export interface AuditEntry {
  actor: AuditActor;
  /** A dotted verb, e.g. `earning_rule.update`, `points.adjust`, `member.export`. */
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
}

/**
 * Appends one entry to the audit log. Pass the transaction that makes the change, so the change and its
 * audit entry commit or roll back together. Keep personal data out of `before`/`after` where an id will do:
 * erasure cannot rewrite this append-only table.
 */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorKind: entry.actor.kind,
    actorId: entry.actor.kind === "system" ? null : entry.actor.id,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    ip: entry.ip ?? null,
  });
}

/** The audit actor for a staff viewer. */
export function staffActor(viewer: { id: string }): AuditActor {
  return { kind: "staff", id: viewer.id };
}
