import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, uniqueTag } from "../../test/db";
import type { DbHandle } from "../client";
import { recordAudit } from "./audit";
import { auditFilterOptions, searchAuditLog } from "./privacy-audit-log";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle.close());

describe("audit log search", () => {
  it("filters by actor, action, entity and date range, newest first, page by page", async () => {
    const actor = crypto.randomUUID();
    const entity = uniqueTag("ent");
    const action = `${uniqueTag("act")}.update`;
    for (let i = 0; i < 5; i++) {
      await recordAudit(handle.db, { actor: { kind: "staff", id: actor }, action, entityType: "test_entity", entityId: entity, after: { step: i } });
    }
    await recordAudit(handle.db, { actor: { kind: "system" }, action, entityType: "test_entity", entityId: entity, after: { step: "system" } });

    const byActor = await searchAuditLog(handle.db, { actorId: actor, entityId: entity });
    expect(byActor.rows.map((r) => (r.after as { step: number }).step)).toEqual([4, 3, 2, 1, 0]);
    expect(byActor.hasNext).toBe(false);

    const first = await searchAuditLog(handle.db, { action, pageSize: 4 });
    const second = await searchAuditLog(handle.db, { action, pageSize: 4, page: 2 });
    expect([first.rows.length, first.hasNext, second.rows.length, second.hasNext]).toEqual([4, true, 2, false]);

    const now = Date.now();
    expect((await searchAuditLog(handle.db, { action, from: new Date(now - 3_600_000), to: new Date(now + 3_600_000) })).rows).toHaveLength(6);
    expect((await searchAuditLog(handle.db, { action, to: new Date(now - 3_600_000) })).rows).toHaveLength(0);
    expect((await searchAuditLog(handle.db, { actorId: "not-a-uuid" })).rows).toHaveLength(0);

    const options = await auditFilterOptions(handle.db);
    expect(options.actions).toContain(action);
    expect(options.entityTypes).toContain("test_entity");
  });
});
