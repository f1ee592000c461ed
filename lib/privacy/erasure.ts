import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit, type AuditActor } from "@/db/queries/audit";
import { isUuid, storeCondition } from "@/db/queries/scope";
import { selectRows } from "@/db/sql";
import type { Scope } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { insertConsentEvents } from "./consent";
import { CONSENT_PURPOSES } from "./purposes";
import { MEMBER_DATA } from "./registry";
import { columnRef, memberRows, tableRef } from "./registry-sql";
import type { ColumnErasure, TableSpec } from "./registry-types";

export type ErasureReason = "request" | "retention";

export interface ErasureResult {
  /** Members erased by this call (already erased ones are skipped). */
  memberIds: string[];
  /** Rows changed or deleted per registry table. */
  rows: Record<string, number>;
}

function erasedValue(column: string, rule: ColumnErasure): SQL | null {
  const col = columnRef(column);
  switch (rule.kind) {
    case "keep":
      return null;
    case "null":
      return sql`${col} = NULL`;
    case "set":
      return sql`${col} = ${sql.raw(rule.sql)}`;
    case "random_key":
      return sql`${col} = 'erased-' || gen_random_uuid()`;
    case "keep_keys":
      return sql`${col} = coalesce((SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(${col}) e WHERE e.key IN ${[...rule.keys]}), '{}'::jsonb)`;
  }
}

/** The statement that erases one table's rows of the given members, or null when nothing in it is personal. */
export function erasureStatement(spec: TableSpec, memberIds: readonly string[]): SQL | null {
  const where = memberRows(spec, memberIds);
  if (spec.rows === "delete") return sql`DELETE FROM ${tableRef(spec.table)} WHERE ${where}`;
  const sets = Object.entries(spec.columns)
    .map(([name, column]) => erasedValue(name, column.erase))
    .filter((s): s is SQL => s !== null);
  if (sets.length === 0) return null;
  return sql`UPDATE ${tableRef(spec.table)} SET ${sql.join(sets, sql`, `)} WHERE ${where}`;
}

async function affectedRows(db: Db, statement: SQL): Promise<number> {
  // postgres.js reports the count on the result array, PGlite as affectedRows.
  const result = (await db.execute(statement)) as unknown as { count?: number; affectedRows?: number };
  return Number(result.count ?? result.affectedRows ?? 0);
}

/**
 * Erases members irreversibly, in one transaction: every purpose withdrawn (so no campaign, score or model
 * reaches them again), then each registry table's rule applied — identities deleted, profile fields
 * nulled, identifiers in sender keys replaced, personal keys stripped from event properties, status set
 * to `erased`. Ids, amounts, times and stores stay, so balances, ledgers and sales_daily do not move.
 * One audit entry per member names the reason and the row counts, never a personal value.
 */
export async function eraseMembers(
  db: Db,
  memberIds: readonly string[],
  ctx: { actor: AuditActor; reason: ErasureReason; now?: Date },
): Promise<ErasureResult> {
  const wanted = [...new Set(memberIds.filter(isUuid))];
  if (wanted.length === 0) return { memberIds: [], rows: {} };
  const now = ctx.now ?? new Date();
  return db.transaction(async (tx) => {
    const locked = await selectRows<{ id: string }>(
      tx,
      sql`SELECT id FROM members WHERE id IN ${wanted} AND status <> 'erased' ORDER BY id FOR UPDATE`,
    );
    const ids = locked.map((r) => r.id);
    if (ids.length === 0) return { memberIds: [], rows: {} };
    for (const id of ids) {
      await insertConsentEvents(
        tx,
        id,
        "system",
        ctx.actor,
        CONSENT_PURPOSES.map((purpose) => ({ purpose, status: "withdrawn" as const, lawfulBasis: "legal_obligation" as const, occurredAt: now })),
      );
    }
    const rows: Record<string, number> = {};
    // The members row goes last: other tables find their rows through it (transaction_lines via transactions).
    const ordered = [...MEMBER_DATA.filter((t) => t.link.kind !== "self"), ...MEMBER_DATA.filter((t) => t.link.kind === "self")];
    for (const spec of ordered) {
      const statement = erasureStatement(spec, ids);
      if (statement) rows[spec.key] = await affectedRows(tx, statement);
    }
    for (const id of ids) {
      await recordAudit(tx, { actor: ctx.actor, action: "member.erase", entityType: "member", entityId: id, after: { reason: ctx.reason } });
    }
    return { memberIds: ids, rows };
  });
}

/** A staff request to erase one member: scope-checked; an already erased member is a conflict. */
export async function eraseMember(db: Db, params: { memberId: string; scope: Scope; actor: AuditActor; now?: Date }): Promise<ErasureResult> {
  if (!isUuid(params.memberId)) throw new AppError("not_found", "No such member.");
  const [member] = await selectRows<{ status: string }>(
    db,
    sql`SELECT status FROM members m WHERE m.id = ${params.memberId} AND ${storeCondition(sql`m.home_store_id`, params.scope)}`,
  );
  if (!member) throw new AppError("not_found", "No such member.");
  if (member.status === "erased") throw new AppError("conflict", "This member is already erased.");
  return eraseMembers(db, [params.memberId], { actor: params.actor, reason: "request", now: params.now });
}
