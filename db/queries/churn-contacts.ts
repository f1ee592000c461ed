import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Scope } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import type { Db } from "../client";
import { churnContacts, type ChurnContactOutcome } from "../schema";
import { selectRows } from "../sql";
import { recordAudit, type AuditActor } from "./audit";
import { isUuid, storeCondition } from "./scope";

/** The member, if the caller's scope reaches them (home store) and they are not erased; else not found. */
async function requireMemberInScope(db: Db, memberId: string, scope: Scope): Promise<void> {
  const [row] = isUuid(memberId)
    ? await selectRows<{ id: string }>(
        db,
        sql`SELECT m.id FROM members m WHERE m.id = ${memberId}::uuid AND m.status <> 'erased' AND ${storeCondition(sql`m.home_store_id`, scope)}`,
      )
    : [];
  if (!row) throw new AppError("not_found", "No such member.");
}

/**
 * Records that staff contacted an at-risk member, copying the score they acted on from the run's list
 * (probability, value at stake, suggested action) so its effect can be read against later runs. Audited in
 * the same transaction.
 */
export async function markContacted(
  db: Db,
  params: { memberId: string; runId: string; note?: string | null; scope: Scope; actor: AuditActor; now?: Date },
): Promise<{ id: string }> {
  return db.transaction(async (tx) => {
    await requireMemberInScope(tx, params.memberId, params.scope);
    const [score] = isUuid(params.runId)
      ? await selectRows<{ p: number; value: number | null; intervention: string | null }>(
          tx,
          sql`SELECT churn_probability AS p, value_at_stake_minor::float8 AS value, intervention::text AS intervention
                FROM churn_member_scores WHERE run_id = ${params.runId}::uuid AND member_id = ${params.memberId}::uuid`,
        )
      : [];
    if (!score) throw new AppError("not_found", "This member has no score in that run.");
    const [row] = await tx
      .insert(churnContacts)
      .values({
        memberId: params.memberId,
        runId: params.runId,
        churnProbability: score.p,
        valueAtStakeMinor: score.value,
        intervention: score.intervention as typeof churnContacts.$inferInsert.intervention,
        contactedAt: params.now ?? new Date(),
        contactedBy: params.actor.kind === "staff" ? params.actor.id : null,
        note: params.note?.trim() || null,
      })
      .returning({ id: churnContacts.id });
    // The note stays out of the audit log (append-only, so erasure could not remove it).
    await recordAudit(tx, {
      actor: params.actor,
      action: "churn.contact",
      entityType: "member",
      entityId: params.memberId,
      after: { contactId: row!.id, runId: params.runId, intervention: score.intervention },
    });
    return { id: row!.id };
  });
}

/** Records what came of a contact (or corrects it). Same scope rule as marking it; audited with before and after. */
export async function recordContactOutcome(
  db: Db,
  params: { contactId: string; outcome: ChurnContactOutcome; scope: Scope; actor: AuditActor; now?: Date },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [contact] = isUuid(params.contactId)
      ? await tx.select({ memberId: churnContacts.memberId, outcome: churnContacts.outcome }).from(churnContacts).where(eq(churnContacts.id, params.contactId)).for("update")
      : [];
    if (!contact) throw new AppError("not_found", "No such contact.");
    await requireMemberInScope(tx, contact.memberId, params.scope);
    await tx
      .update(churnContacts)
      .set({ outcome: params.outcome, outcomeAt: params.now ?? new Date(), outcomeBy: params.actor.kind === "staff" ? params.actor.id : null })
      .where(eq(churnContacts.id, params.contactId));
    await recordAudit(tx, {
      actor: params.actor,
      action: "churn.contact_outcome",
      entityType: "member",
      entityId: contact.memberId,
      before: { contactId: params.contactId, outcome: contact.outcome },
      after: { contactId: params.contactId, outcome: params.outcome },
    });
  });
}
