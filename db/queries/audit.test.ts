import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { openTestDatabase, uniqueTag } from "../../test/db";
import type { DbHandle } from "../client";
import { auditLog } from "../schema";
import { recordAudit } from "./audit";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle.close());

describe("recordAudit", () => {
  it("writes who did what with the state before and after", async () => {
    const entityId = uniqueTag("rule");
    const actorId = crypto.randomUUID();
    await recordAudit(handle.db, {
      actor: { kind: "staff", id: actorId },
      action: "earning_rule.update",
      entityType: "earning_rule",
      entityId,
      before: { rate: 1 },
      after: { rate: 2 },
    });
    const rows = await handle.db.select().from(auditLog).where(and(eq(auditLog.entityType, "earning_rule"), eq(auditLog.entityId, entityId)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorKind: "staff", actorId, action: "earning_rule.update", before: { rate: 1 }, after: { rate: 2 } });
  });

  it("rolls back with the change it records", async () => {
    const entityId = uniqueTag("rule");
    await expect(
      handle.db.transaction(async (tx) => {
        await recordAudit(tx, { actor: { kind: "system" }, action: "earning_rule.update", entityType: "earning_rule", entityId });
        throw new Error("change failed");
      }),
    ).rejects.toThrow("change failed");
    const rows = await handle.db.select().from(auditLog).where(eq(auditLog.entityId, entityId));
    expect(rows).toHaveLength(0);
  });
});
