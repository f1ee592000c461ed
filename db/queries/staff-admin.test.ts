import bcrypt from "bcryptjs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, uniqueTag } from "../../test/db";
import type { Db, DbHandle } from "../client";
import { selectRows } from "../sql";
import { countFailedLogins } from "./staff";
import {
  changeStaffAccess,
  checkPasswordToken,
  inviteStaff,
  issuePasswordReset,
  listStaff,
  setPasswordWithToken,
  setStaffActive,
  unlockStaffLogin,
} from "./staff-admin";

let handle: DbHandle;
const admin = { kind: "staff" as const, id: crypto.randomUUID() };
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle.close());

async function newStore(db: Db): Promise<string> {
  const tag = uniqueTag("st");
  const [row] = await selectRows<{ id: string }>(
    db,
    sql`INSERT INTO stores (code, name, kind, country_code, currency, timezone) VALUES (${tag}, ${tag}, 'physical', 'DE', 'EUR', 'Europe/Berlin') RETURNING id`,
  );
  return row!.id;
}

const invite = (role: "admin" | "marketer" | "store_manager", storeIds: string[] = []) =>
  inviteStaff(handle.db, { email: `${uniqueTag("inv")}@Staff.Example`, name: "New Person", role, storeIds }, admin);

const auditOf = (entityId: string) =>
  selectRows<{ action: string; before: string | null; after: string | null }>(
    handle.db,
    sql`SELECT action, before::text, after::text FROM audit_log WHERE entity_type = 'staff_user' AND entity_id = ${entityId} ORDER BY id`,
  );

describe("staff invitations and password links", () => {
  it("creates an account whose one-time link sets a password once, and stores only the token's hash", async () => {
    const store = await newStore(handle.db);
    const { id, token } = await invite("store_manager", [store]);
    const [stored] = await selectRows<{ token_hash: string; email: string }>(
      handle.db,
      sql`SELECT t.token_hash, u.email FROM staff_password_tokens t JOIN staff_users u ON u.id = t.staff_user_id WHERE u.id = ${id}`,
    );
    expect(stored!.token_hash).not.toContain(token);
    expect(stored!.email).toMatch(/@staff\.example$/);
    expect(await checkPasswordToken(handle.db, token)).toMatchObject({ ok: true, staffId: id, purpose: "invite" });

    await setPasswordWithToken(handle.db, { token, password: "a long new password" });
    const [user] = await selectRows<{ password_hash: string }>(handle.db, sql`SELECT password_hash FROM staff_users WHERE id = ${id}`);
    expect(await bcrypt.compare("a long new password", user!.password_hash)).toBe(true);
    expect(await checkPasswordToken(handle.db, token)).toEqual({ ok: false, reason: "used" });
    await expect(setPasswordWithToken(handle.db, { token, password: "another long password" })).rejects.toThrow("token_used");
    expect((await auditOf(id)).map((a) => a.action)).toEqual(["staff.invite", "staff.password_set"]);
  });

  it("refuses an expired link and an unknown one", async () => {
    const invited = new Date("2026-03-01T10:00:00Z");
    const { token } = await inviteStaff(handle.db, { email: `${uniqueTag("exp")}@staff.example`, name: "Late", role: "marketer", storeIds: [] }, admin, invited);
    const afterExpiry = new Date(invited.getTime() + 73 * 3_600_000);
    expect(await checkPasswordToken(handle.db, token, new Date(invited.getTime() + 71 * 3_600_000))).toMatchObject({ ok: true });
    expect(await checkPasswordToken(handle.db, token, afterExpiry)).toEqual({ ok: false, reason: "expired" });
    await expect(setPasswordWithToken(handle.db, { token, password: "a long new password" }, afterExpiry)).rejects.toThrow("token_expired");
    expect(await checkPasswordToken(handle.db, "not-a-token")).toEqual({ ok: false, reason: "unknown" });
  });

  it("replaces an earlier link with a reset link", async () => {
    const { id, token } = await invite("marketer");
    const reset = await issuePasswordReset(handle.db, { staffId: id }, admin);
    expect(await checkPasswordToken(handle.db, token)).toEqual({ ok: false, reason: "used" });
    expect(await checkPasswordToken(handle.db, reset.token)).toMatchObject({ ok: true, purpose: "reset" });
  });

  it("refuses an e-mail already in use, in any letter case", async () => {
    const email = `${uniqueTag("dup")}@staff.example`;
    await inviteStaff(handle.db, { email, name: "A", role: "marketer", storeIds: [] }, admin);
    await expect(inviteStaff(handle.db, { email: email.toUpperCase(), name: "B", role: "marketer", storeIds: [] }, admin)).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("roles, stores and activation", () => {
  it("changes role and stores together with before and after in the audit log", async () => {
    const [s1, s2] = [await newStore(handle.db), await newStore(handle.db)];
    const { id } = await invite("store_manager", [s1]);
    await changeStaffAccess(handle.db, { staffId: id, role: "store_manager", storeIds: [s2, s1] }, admin);
    await changeStaffAccess(handle.db, { staffId: id, role: "marketer", storeIds: [s1] }, admin);
    const stores = await selectRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM staff_user_stores WHERE staff_user_id = ${id}`);
    expect(stores[0]!.n).toBe(0);
    const changes = (await auditOf(id)).filter((a) => a.action === "staff.access_change").map((a) => [JSON.parse(a.before!), JSON.parse(a.after!)]);
    expect(changes).toEqual([
      [{ role: "store_manager", storeIds: [s1] }, { role: "store_manager", storeIds: [s1, s2].sort() }],
      [{ role: "store_manager", storeIds: [s1, s2].sort() }, { role: "marketer", storeIds: [] }],
    ]);
    await expect(changeStaffAccess(handle.db, { staffId: id, role: "store_manager", storeIds: [crypto.randomUUID()] }, admin)).rejects.toMatchObject({
      code: "invalid_input",
    });
  });

  it("deactivates and reactivates with an audit entry each", async () => {
    const { id } = await invite("marketer");
    await setStaffActive(handle.db, { staffId: id, active: false }, admin);
    await setStaffActive(handle.db, { staffId: id, active: true }, admin);
    expect((await auditOf(id)).map((a) => a.action)).toEqual(["staff.invite", "staff.deactivate", "staff.reactivate"]);
    expect((await listStaff(handle.db)).find((s) => s.id === id)).toMatchObject({ active: true, invitePending: true });
  });

  it("never leaves the program without an active admin: the last one can be neither demoted nor deactivated", async () => {
    const { id: last } = await invite("admin");
    const { id: second } = await invite("admin");
    // Other tests' admins share this database: inside a transaction that is rolled back, ours are the only ones.
    await expect(
      handle.db.transaction(async (tx) => {
        await tx.execute(sql`UPDATE staff_users SET active = false WHERE role = 'admin' AND id NOT IN ${[last, second]}`);
        await setStaffActive(tx, { staffId: second, active: false }, admin);
        await expect(setStaffActive(tx, { staffId: last, active: false }, admin)).rejects.toMatchObject({ code: "conflict" });
        await expect(changeStaffAccess(tx, { staffId: last, role: "marketer", storeIds: [] }, admin)).rejects.toMatchObject({ code: "conflict" });
        // Another admin makes the change possible again.
        await setStaffActive(tx, { staffId: second, active: true }, admin);
        await changeStaffAccess(tx, { staffId: last, role: "marketer", storeIds: [] }, admin);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
  });
});

describe("lockout", () => {
  it("unlock clears the account's failures, keeps them as evidence, and is audited", async () => {
    const { id } = await invite("marketer");
    const [user] = await selectRows<{ email: string }>(handle.db, sql`SELECT email FROM staff_users WHERE id = ${id}`);
    for (let i = 0; i < 5; i++) await handle.db.execute(sql`INSERT INTO login_attempts (email, ip, success) VALUES (${user!.email}, '203.0.113.9', false)`);
    const since = new Date(Date.now() - 15 * 60_000);
    expect(await countFailedLogins(handle.db, { email: user!.email, since })).toBe(5);
    expect((await listStaff(handle.db)).find((s) => s.id === id)?.lockedOut).toBe(true);
    expect(await unlockStaffLogin(handle.db, { staffId: id }, admin)).toEqual({ cleared: 5 });
    expect(await countFailedLogins(handle.db, { email: user!.email, since })).toBe(0);
    expect((await listStaff(handle.db)).find((s) => s.id === id)?.lockedOut).toBe(false);
    const [kept] = await selectRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM login_attempts WHERE email = ${user!.email}`);
    expect(kept!.n).toBe(5);
    expect((await auditOf(id)).at(-1)).toMatchObject({ action: "staff.unlock" });
  });
});
