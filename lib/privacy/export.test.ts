import { sql } from "drizzle-orm";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { recordMemberView } from "@/db/queries/privacy";
import { selectRows } from "@/db/sql";
import { openTestDatabase } from "@/test/db";
import { recordConsents } from "./consent";
import { exportMember } from "./export";
import { MEMBER_DATA } from "./registry";
import { createTestMember } from "./testing";

let handle: DbHandle;
const admin = { kind: "staff" as const, id: crypto.randomUUID() };
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle.close());

describe("member export", () => {
  it("holds JSON and CSV for every exported registry table, a summary, and the member's own rows only", async () => {
    const m = await createTestMember(handle.db, { locale: "de" });
    const other = await createTestMember(handle.db, { storeId: m.storeId });
    await recordConsents(handle.db, { memberId: m.id, source: "app", changes: [{ purpose: "marketing_push", status: "granted", lawfulBasis: "consent" }] }, { actor: admin });
    await recordMemberView(handle.db, { staffId: admin.id, memberId: m.id });

    const { zip, fileName } = await exportMember(handle.db, { memberId: m.id, scope: { kind: "all" }, actor: admin });
    expect(fileName).toMatch(new RegExp(`^member-${m.id}-\\d{4}-\\d{2}-\\d{2}\\.zip$`));
    const files = Object.fromEntries(Object.entries(unzipSync(zip)).map(([name, bytes]) => [name, strFromU8(bytes)]));
    const expected = MEMBER_DATA.filter((t) => t.export.kind === "rows").flatMap((t) => [`data/${t.key}.json`, `data/${t.key}.csv`]);
    expect(Object.keys(files).sort()).toEqual(["README.txt", "summary.json", ...expected].sort());

    const json = (key: string) => JSON.parse(files[`data/${key}.json`]!) as Array<Record<string, unknown>>;
    expect(json("members")).toEqual([expect.objectContaining({ id: m.id, email: m.personal.email, first_name: m.personal.firstName, birth_date: "1985-04-12" })]);
    expect(json("transactions").map((t) => t.total_minor)).toEqual([4250, 1999, -1999]);
    expect(json("transactionLines")).toEqual([]);
    expect(json("engagementEvents")).toHaveLength(3);
    expect(json("memberIdentities").map((i) => i.value).sort()).toEqual([m.personal.card, m.personal.email, m.personal.phone].sort());
    expect(json("consentEvents")).toEqual([expect.objectContaining({ purpose: "marketing_push", status: "granted", source: "app" })]);
    expect(json("consentEvents")[0]).not.toHaveProperty("actor_id");
    expect(json("auditLog").map((a) => a.action).sort()).toEqual(["consent.record", "member.view"]);
    const everything = Object.values(files).join("\n");
    for (const value of Object.values(other.personal)) expect(everything).not.toContain(value);

    expect(files["data/transactions.csv"]!.split("\n")[0]).toBe(
      "id,member_id,store_id,channel,kind,original_transaction_id,occurred_at,currency,total_minor,discount_minor,item_count,source,prev_sale_at,prev2_sale_at,created_at,external_id",
    );
    expect(files["data/transactions.csv"]!.trim().split("\n")).toHaveLength(4);

    const summary = JSON.parse(files["summary.json"]!);
    expect(summary.byCategory.map((c: { category: string }) => c.category)).toEqual(["zero_party", "first_party"]);
    expect(summary.byPurpose.find((p: { purpose: string }) => p.purpose === "marketing").tables).toContain("members");
    expect(summary.consents.find((c: { purpose: string }) => c.purpose === "marketing_push")).toMatchObject({ status: "granted", allowed: true });
    // The member chose German: the "what we hold and why" text is in German.
    expect(files["README.txt"]).toContain("Ihre Daten");
    expect(files["README.txt"]).toContain("Käufe und Rückgaben");

    const audit = await selectRows<{ actor_id: string; after: string }>(
      handle.db,
      sql`SELECT actor_id, after::text FROM audit_log WHERE action = 'member.export' AND entity_id = ${m.id}`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBe(admin.id);
    expect(JSON.parse(audit[0]!.after)).toEqual({ bytes: zip.byteLength });
  });

  it("answers not found for a member outside the caller's stores, and audits nothing", async () => {
    const m = await createTestMember(handle.db);
    await expect(exportMember(handle.db, { memberId: m.id, scope: { kind: "stores", storeIds: [crypto.randomUUID()] }, actor: admin })).rejects.toMatchObject({
      code: "not_found",
    });
    const rows = await selectRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'member.export' AND entity_id = ${m.id}`);
    expect(rows[0]!.n).toBe(0);
  });
});

describe("member views", () => {
  it("writes one member.view entry per staff member and member within the hour", async () => {
    const m = await createTestMember(handle.db);
    const other = crypto.randomUUID();
    for (let i = 0; i < 3; i++) await recordMemberView(handle.db, { staffId: admin.id, memberId: m.id });
    await recordMemberView(handle.db, { staffId: other, memberId: m.id });
    const rows = await selectRows<{ actor_id: string }>(
      handle.db,
      sql`SELECT actor_id FROM audit_log WHERE action = 'member.view' AND entity_id = ${m.id} ORDER BY actor_id`,
    );
    expect(rows.map((r) => r.actor_id).sort()).toEqual([admin.id, other].sort());
  });
});
