import bcrypt from "bcryptjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, uniqueTag } from "../../test/db";
import type { DbHandle } from "../client";
import { staffUsers } from "../schema";
import { deleteExpiredRevocations, getActiveStaffProfile, revokeSession } from "./staff";

let handle: DbHandle;
let staffId: string;

beforeAll(async () => {
  handle = await openTestDatabase();
  const [row] = await handle.db
    .insert(staffUsers)
    .values({ email: `${uniqueTag("s")}@sessions.test`, name: "Session Test", role: "marketer", passwordHash: await bcrypt.hash("x", 4) })
    .returning({ id: staffUsers.id });
  staffId = row!.id;
});
afterAll(async () => handle.close());

describe("ending a session on sign-out", () => {
  it("refuses exactly the signed-out session, while the same person's other sessions go on", async () => {
    const ended = uniqueTag("sid");
    const other = uniqueTag("sid");
    expect(await getActiveStaffProfile(handle.db, { id: staffId, sessionId: ended })).not.toBeNull();
    await revokeSession(handle.db, { sessionId: ended, staffUserId: staffId, expiresAt: new Date(Date.now() + 3_600_000) });
    await revokeSession(handle.db, { sessionId: ended, staffUserId: staffId, expiresAt: new Date(Date.now() + 3_600_000) }); // twice is harmless
    expect(await getActiveStaffProfile(handle.db, { id: staffId, sessionId: ended })).toBeNull();
    expect(await getActiveStaffProfile(handle.db, { id: staffId, sessionId: other })).toMatchObject({ id: staffId, role: "marketer" });
  });

  it("forgets a revocation only after the session would have expired anyway", async () => {
    const sessionId = uniqueTag("sid");
    const expiresAt = new Date("2030-01-01T00:00:00Z");
    await revokeSession(handle.db, { sessionId, staffUserId: staffId, expiresAt });
    await deleteExpiredRevocations(handle.db, new Date("2029-12-31T23:59:59Z"));
    expect(await getActiveStaffProfile(handle.db, { id: staffId, sessionId })).toBeNull();
    await deleteExpiredRevocations(handle.db, new Date("2030-01-01T00:00:01Z"));
    expect(await getActiveStaffProfile(handle.db, { id: staffId, sessionId })).not.toBeNull();
  });
});
