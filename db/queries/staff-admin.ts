import "server-only";
import bcrypt from "bcryptjs";
import { sql } from "drizzle-orm";
import { LOGIN_WINDOW_MINUTES, MAX_FAILURES_PER_ACCOUNT } from "@/lib/auth/login-throttle";
import { createPasswordToken, hashPasswordToken, PASSWORD_TOKEN_HOURS } from "@/lib/auth/password-token";
import { AppError } from "@/lib/errors";
import type { Db } from "../client";
import type { StaffRole } from "../schema/enums";
import { selectRows } from "../sql";
import { recordAudit, type AuditActor } from "./audit";
import { isUuid } from "./scope";

export interface StaffListRow {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  active: boolean;
  stores: Array<{ id: string; name: string }>;
  lastLoginAt: Date | null;
  /** Refused at sign-in now: too many uncleared failures in the window. */
  lockedOut: boolean;
  /** Invited, and the invitation link not used yet (it may have expired). */
  invitePending: boolean;
}

export async function listStaff(db: Db, now = new Date()): Promise<StaffListRow[]> {
  const since = new Date(now.getTime() - LOGIN_WINDOW_MINUTES * 60_000).toISOString();
  const rows = await selectRows<{
    id: string;
    email: string;
    name: string;
    role: StaffRole;
    active: boolean;
    stores: string;
    last_login_ms: number | null;
    failures: number;
    invite_pending: boolean;
  }>(
    db,
    sql`SELECT u.id, u.email, u.name, u.role, u.active, (extract(epoch from u.last_login_at) * 1000)::float8 AS last_login_ms,
               coalesce((SELECT json_agg(json_build_object('id', s.id, 'name', s.name) ORDER BY s.name)
                         FROM staff_user_stores us JOIN stores s ON s.id = us.store_id WHERE us.staff_user_id = u.id), '[]')::text AS stores,
               (SELECT count(*) FROM login_attempts a WHERE a.email = u.email AND NOT a.success AND a.cleared_at IS NULL AND a.created_at >= ${since})::int AS failures,
               EXISTS (SELECT 1 FROM staff_password_tokens t WHERE t.staff_user_id = u.id AND t.purpose = 'invite' AND t.used_at IS NULL) AS invite_pending
        FROM staff_users u ORDER BY u.active DESC, u.name`,
  );
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    active: r.active,
    stores: JSON.parse(r.stores) as StaffListRow["stores"],
    lastLoginAt: r.last_login_ms === null ? null : new Date(r.last_login_ms),
    lockedOut: r.failures >= MAX_FAILURES_PER_ACCOUNT,
    invitePending: r.invite_pending,
  }));
}

interface StaffState {
  id: string;
  email: string;
  role: StaffRole;
  active: boolean;
  storeIds: string[];
}

async function lockStaff(tx: Db, staffId: string): Promise<StaffState> {
  if (!isUuid(staffId)) throw new AppError("not_found", "No such staff member.");
  const [row] = await selectRows<{ id: string; email: string; role: StaffRole; active: boolean }>(
    tx,
    sql`SELECT id, email, role, active FROM staff_users WHERE id = ${staffId} FOR UPDATE`,
  );
  if (!row) throw new AppError("not_found", "No such staff member.");
  const stores = await selectRows<{ store_id: string }>(tx, sql`SELECT store_id FROM staff_user_stores WHERE staff_user_id = ${staffId} ORDER BY store_id`);
  return { ...row, storeIds: stores.map((s) => s.store_id) };
}

/**
 * Refuses a change that would leave no active admin. The active admins are locked first, so two admins
 * demoting each other at the same moment cannot both succeed.
 */
async function keepAnAdmin(tx: Db, target: StaffState, next: { role: StaffRole; active: boolean }): Promise<void> {
  if (target.role !== "admin" || !target.active || (next.role === "admin" && next.active)) return;
  const admins = await selectRows<{ id: string }>(tx, sql`SELECT id FROM staff_users WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`);
  if (admins.filter((a) => a.id !== target.id).length === 0) {
    throw new AppError("conflict", "This is the last active admin: make someone else an admin first.");
  }
}

async function checkStores(tx: Db, role: StaffRole, storeIds: readonly string[]): Promise<string[]> {
  if (role !== "store_manager") return [];
  const ids = [...new Set(storeIds)];
  if (ids.some((id) => !isUuid(id))) throw new AppError("invalid_input", "Unknown store.", { storeIds: ["Unknown store."] });
  if (ids.length === 0) return [];
  const [row] = await selectRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM stores WHERE id IN ${ids}`);
  if (row?.n !== ids.length) throw new AppError("invalid_input", "Unknown store.", { storeIds: ["Unknown store."] });
  return ids.sort();
}

async function issueToken(tx: Db, staffId: string, purpose: "invite" | "reset", actor: AuditActor, now: Date): Promise<string> {
  // A new link replaces any earlier one.
  await tx.execute(sql`UPDATE staff_password_tokens SET used_at = ${now.toISOString()} WHERE staff_user_id = ${staffId} AND used_at IS NULL`);
  const { token, hash } = createPasswordToken();
  const expiresAt = new Date(now.getTime() + PASSWORD_TOKEN_HOURS[purpose] * 3_600_000);
  await tx.execute(sql`INSERT INTO staff_password_tokens (staff_user_id, token_hash, purpose, expires_at, created_by)
    VALUES (${staffId}, ${hash}, ${purpose}, ${expiresAt.toISOString()}, ${actor.kind === "system" ? null : actor.id})`);
  return token;
}

export interface InviteInput {
  email: string;
  name: string;
  role: StaffRole;
  storeIds: readonly string[];
}

/** Creates a staff account that can sign in only after setting a password through the returned one-time token. */
export async function inviteStaff(db: Db, input: InviteInput, actor: AuditActor, now = new Date()): Promise<{ id: string; token: string }> {
  const email = input.email.trim().toLowerCase();
  // Until the link is used the account has a password nobody knows.
  const placeholder = await bcrypt.hash(createPasswordToken().token, 10);
  return db.transaction(async (tx) => {
    const [taken] = await selectRows<{ id: string }>(tx, sql`SELECT id FROM staff_users WHERE email = ${email}`);
    if (taken) throw new AppError("conflict", "A staff member with this e-mail exists.", { email: ["Already in use."] });
    const storeIds = await checkStores(tx, input.role, input.storeIds);
    const [created] = await selectRows<{ id: string }>(
      tx,
      sql`INSERT INTO staff_users (email, name, password_hash, role) VALUES (${email}, ${input.name.trim()}, ${placeholder}, ${input.role}) RETURNING id`,
    );
    const id = created!.id;
    for (const storeId of storeIds) await tx.execute(sql`INSERT INTO staff_user_stores (staff_user_id, store_id) VALUES (${id}, ${storeId})`);
    const token = await issueToken(tx, id, "invite", actor, now);
    await recordAudit(tx, { actor, action: "staff.invite", entityType: "staff_user", entityId: id, after: { email, name: input.name.trim(), role: input.role, storeIds } });
    return { id, token };
  });
}

/** Changes role and stores together (stores only mean something for store managers). */
export async function changeStaffAccess(
  db: Db,
  input: { staffId: string; role: StaffRole; storeIds: readonly string[] },
  actor: AuditActor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const target = await lockStaff(tx, input.staffId);
    await keepAnAdmin(tx, target, { role: input.role, active: target.active });
    const storeIds = await checkStores(tx, input.role, input.storeIds);
    if (target.role === input.role && target.storeIds.join() === storeIds.join()) return;
    await tx.execute(sql`UPDATE staff_users SET role = ${input.role} WHERE id = ${target.id}`);
    await tx.execute(sql`DELETE FROM staff_user_stores WHERE staff_user_id = ${target.id}`);
    for (const storeId of storeIds) await tx.execute(sql`INSERT INTO staff_user_stores (staff_user_id, store_id) VALUES (${target.id}, ${storeId})`);
    await recordAudit(tx, {
      actor,
      action: "staff.access_change",
      entityType: "staff_user",
      entityId: target.id,
      before: { role: target.role, storeIds: target.storeIds },
      after: { role: input.role, storeIds },
    });
  });
}

/** Deactivating signs the person out at their next request (the viewer is read per request). */
export async function setStaffActive(db: Db, input: { staffId: string; active: boolean }, actor: AuditActor): Promise<void> {
  await db.transaction(async (tx) => {
    const target = await lockStaff(tx, input.staffId);
    if (target.active === input.active) return;
    await keepAnAdmin(tx, target, { role: target.role, active: input.active });
    await tx.execute(sql`UPDATE staff_users SET active = ${input.active} WHERE id = ${target.id}`);
    await recordAudit(tx, {
      actor,
      action: input.active ? "staff.reactivate" : "staff.deactivate",
      entityType: "staff_user",
      entityId: target.id,
      before: { active: target.active },
      after: { active: input.active },
    });
  });
}

/** A new one-time link to set a password (forgotten password); earlier links stop working. */
export async function issuePasswordReset(db: Db, input: { staffId: string }, actor: AuditActor, now = new Date()): Promise<{ token: string }> {
  return db.transaction(async (tx) => {
    const target = await lockStaff(tx, input.staffId);
    const token = await issueToken(tx, target.id, "reset", actor, now);
    await recordAudit(tx, { actor, action: "staff.password_reset_link", entityType: "staff_user", entityId: target.id });
    return { token };
  });
}

/**
 * Lifts a lockout: the account's failed sign-ins are marked cleared (kept as evidence, no longer counted
 * against the account or its addresses). Failures on other accounts from the same address still count.
 */
export async function unlockStaffLogin(db: Db, input: { staffId: string }, actor: AuditActor): Promise<{ cleared: number }> {
  return db.transaction(async (tx) => {
    const target = await lockStaff(tx, input.staffId);
    const cleared = await selectRows<{ n: number }>(
      tx,
      sql`WITH c AS (UPDATE login_attempts SET cleared_at = now() WHERE email = ${target.email} AND NOT success AND cleared_at IS NULL RETURNING 1)
          SELECT count(*)::int AS n FROM c`,
    );
    const n = cleared[0]?.n ?? 0;
    await recordAudit(tx, { actor, action: "staff.unlock", entityType: "staff_user", entityId: target.id, after: { clearedFailures: n } });
    return { cleared: n };
  });
}

export type TokenCheck = { ok: true; staffId: string; name: string; purpose: "invite" | "reset" } | { ok: false; reason: "unknown" | "used" | "expired" };

/** Whether a set-password link works (the page says which way it does not). */
export async function checkPasswordToken(db: Db, token: string, now = new Date()): Promise<TokenCheck> {
  if (!token || token.length > 200) return { ok: false, reason: "unknown" };
  const [row] = await selectRows<{ staff_user_id: string; name: string; purpose: "invite" | "reset"; used: boolean; expired: boolean; active: boolean }>(
    db,
    sql`SELECT t.staff_user_id, u.name, t.purpose, t.used_at IS NOT NULL AS used, t.expires_at <= ${now.toISOString()}::timestamptz AS expired, u.active
        FROM staff_password_tokens t JOIN staff_users u ON u.id = t.staff_user_id WHERE t.token_hash = ${hashPasswordToken(token)}`,
  );
  if (!row || !row.active) return { ok: false, reason: "unknown" };
  if (row.used) return { ok: false, reason: "used" };
  if (row.expired) return { ok: false, reason: "expired" };
  return { ok: true, staffId: row.staff_user_id, name: row.name, purpose: row.purpose };
}

/** Sets the password behind a valid token and spends the token, in one transaction. */
export async function setPasswordWithToken(db: Db, input: { token: string; password: string }, now = new Date()): Promise<{ staffId: string }> {
  const hash = await bcrypt.hash(input.password, 10);
  return db.transaction(async (tx) => {
    // Spending the token first, under a row lock, makes a second concurrent use find it used.
    const [spent] = await selectRows<{ staff_user_id: string }>(
      tx,
      sql`UPDATE staff_password_tokens SET used_at = ${now.toISOString()}
          WHERE token_hash = ${hashPasswordToken(input.token)} AND used_at IS NULL AND expires_at > ${now.toISOString()}::timestamptz
          RETURNING staff_user_id`,
    );
    const check = spent ? null : await checkPasswordToken(tx, input.token, now);
    if (!spent) throw new AppError("invalid_input", check && !check.ok ? `token_${check.reason}` : "token_unknown");
    const [active] = await selectRows<{ id: string }>(tx, sql`UPDATE staff_users SET password_hash = ${hash} WHERE id = ${spent.staff_user_id} AND active RETURNING id`);
    if (!active) throw new AppError("invalid_input", "token_unknown");
    await recordAudit(tx, { actor: { kind: "staff", id: spent.staff_user_id }, action: "staff.password_set", entityType: "staff_user", entityId: spent.staff_user_id });
    return { staffId: spent.staff_user_id };
  });
}
