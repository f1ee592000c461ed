import "server-only";
import { and, count, eq, gte, isNull, lt, notExists, sql } from "drizzle-orm";
import type { Db } from "../client";
import { loginAttempts, revokedSessions, staffUsers, staffUserStores } from "../schema";

export interface StaffProfile {
  id: string;
  email: string;
  name: string;
  role: (typeof staffUsers.$inferSelect)["role"];
  locale: (typeof staffUsers.$inferSelect)["locale"];
  storeIds: string[];
}

/** The credentials check needs the hash; nothing else ever reads it. */
export async function findStaffCredentials(db: Db, params: { email: string }) {
  const [row] = await db
    .select({ id: staffUsers.id, passwordHash: staffUsers.passwordHash, active: staffUsers.active })
    .from(staffUsers)
    .where(eq(staffUsers.email, params.email))
    .limit(1);
  return row ?? null;
}

/**
 * An active staff member with their stores, or null when unknown, deactivated, or when this session
 * (`sessionId`) was ended by a sign-out.
 */
export async function getActiveStaffProfile(db: Db, params: { id: string; sessionId?: string }): Promise<StaffProfile | null> {
  const notRevoked = params.sessionId
    ? notExists(db.select({ one: sql`1` }).from(revokedSessions).where(eq(revokedSessions.sessionId, params.sessionId)))
    : undefined;
  const [row] = await db
    .select({ id: staffUsers.id, email: staffUsers.email, name: staffUsers.name, role: staffUsers.role, locale: staffUsers.locale })
    .from(staffUsers)
    .where(and(eq(staffUsers.id, params.id), eq(staffUsers.active, true), notRevoked))
    .limit(1);
  if (!row) return null;
  const stores = await db
    .select({ storeId: staffUserStores.storeId })
    .from(staffUserStores)
    .where(eq(staffUserStores.staffUserId, row.id));
  return { ...row, storeIds: stores.map((s) => s.storeId) };
}

/** Ends one session for good (sign-out); kept until the session would have expired anyway. */
export async function revokeSession(db: Db, params: { sessionId: string; staffUserId: string; expiresAt: Date }): Promise<void> {
  await db.insert(revokedSessions).values(params).onConflictDoNothing();
}

/** Forgets revocations of sessions that have expired by themselves (a daily job). */
export async function deleteExpiredRevocations(db: Db, now: Date): Promise<void> {
  await db.delete(revokedSessions).where(lt(revokedSessions.expiresAt, now));
}

export async function recordLoginAttempt(
  db: Db,
  params: { email: string; ip: string | null; success: boolean },
): Promise<void> {
  await db.insert(loginAttempts).values(params);
  if (params.success) {
    await db.update(staffUsers).set({ lastLoginAt: new Date() }).where(eq(staffUsers.email, params.email));
  }
}

export async function countFailedLogins(
  db: Db,
  params: { email?: string; ip?: string; since: Date },
): Promise<number> {
  const key = params.email !== undefined ? eq(loginAttempts.email, params.email) : eq(loginAttempts.ip, params.ip ?? "");
  const [row] = await db
    .select({ n: count() })
    .from(loginAttempts)
    // Failures an admin cleared (unlock) no longer count.
    .where(and(key, eq(loginAttempts.success, false), isNull(loginAttempts.clearedAt), gte(loginAttempts.createdAt, params.since)));
  return row?.n ?? 0;
}
