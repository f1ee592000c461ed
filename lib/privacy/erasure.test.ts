import { sql } from "drizzle-orm";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { listMembers } from "@/db/queries/members";
import { selectRows } from "@/db/sql";
import { openTestDatabase } from "@/test/db";
import { currentConsents, recordConsents } from "./consent";
import { eraseMember } from "./erasure";
import { buildMemberExport } from "./export";
import { rectifyMember } from "./rectification";
import { REGISTRY_SCHEMAS } from "./registry";
import { createTestMember, type TestMember } from "./testing";

let handle: DbHandle;
const admin = { kind: "staff" as const, id: crypto.randomUUID() };
const all = { kind: "all" as const };

beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle.close());

/** Every text, varchar and json(b) column of every table, as "schema"."table"."column". */
async function textColumns(): Promise<Array<{ schema: string; table: string; column: string }>> {
  const rows = await selectRows<{ table_schema: string; table_name: string; column_name: string }>(
    handle.db,
    sql`SELECT c.table_schema, c.table_name, c.column_name FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
        WHERE c.table_schema IN ${[...REGISTRY_SCHEMAS]} AND c.data_type IN ('text', 'character varying', 'character', 'jsonb', 'json')`,
  );
  return rows.map((r) => ({ schema: r.table_schema, table: r.table_name, column: r.column_name }));
}

/** Where in the database any of the strings can still be read: "table.column" for each hit. */
async function findStrings(needles: readonly string[]): Promise<string[]> {
  const hits: string[] = [];
  for (const c of await textColumns()) {
    const column = sql.raw(`"${c.schema}"."${c.table}"."${c.column}"`);
    const any = sql.join(needles.map((n) => sql`${column}::text ILIKE ${`%${n}%`}`), sql` OR `);
    const [row] = await selectRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM ${sql.raw(`"${c.schema}"."${c.table}"`)} WHERE ${any}`);
    if (row!.n > 0) hits.push(`${c.table}.${c.column}`);
  }
  return hits;
}

async function figures(m: TestMember) {
  const [tx] = await selectRows<{ n: number; total: number }>(
    handle.db,
    sql`SELECT count(*)::int AS n, sum(total_minor)::float8 AS total FROM transactions WHERE member_id = ${m.id}`,
  );
  const daily = await selectRows<Record<string, unknown>>(
    handle.db,
    sql`SELECT day::text, channel, currency, transactions, returns, sales_minor::float8, returns_minor::float8 FROM sales_daily WHERE store_id = ${m.storeId} ORDER BY day, channel`,
  );
  const [events] = await selectRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM engagement_events WHERE member_id = ${m.id}`);
  return { tx, daily, events: events!.n };
}

describe("erasure", () => {
  it("leaves no personal value of the member readable in any table, export or search, and moves no figure", async () => {
    const m = await createTestMember(handle.db);
    const needles = Object.values(m.personal);
    await recordConsents(handle.db, { memberId: m.id, source: "pos", changes: [{ purpose: "marketing_email", status: "granted", lawfulBasis: "consent" }] }, { actor: admin });
    await rectifyMember(handle.db, { memberId: m.id, city: "Potsdam" }, { actor: admin, scope: all });
    expect((await findStrings(needles)).length).toBeGreaterThan(3);
    const before = await figures(m);
    expect(before.tx).toEqual({ n: 3, total: 4250 });

    const result = await eraseMember(handle.db, { memberId: m.id, scope: all, actor: admin });
    expect(result.memberIds).toEqual([m.id]);
    expect(result.rows).toMatchObject({ members: 1, memberIdentities: 3, transactions: 3, engagementEvents: 3 });

    expect(await findStrings(needles)).toEqual([]);
    const [profile] = await selectRows<Record<string, unknown>>(
      handle.db,
      sql`SELECT status, email, phone, first_name, last_name, birth_date, postcode, city, external_id, home_store_id FROM members WHERE id = ${m.id}`,
    );
    expect(profile).toEqual({
      status: "erased",
      email: null,
      phone: null,
      first_name: null,
      last_name: null,
      birth_date: null,
      postcode: null,
      city: null,
      external_id: null,
      home_store_id: m.storeId,
    });
    const properties = await selectRows<{ p: string }>(handle.db, sql`SELECT properties::text AS p FROM engagement_events WHERE member_id = ${m.id} ORDER BY id`);
    expect(properties.map((r) => JSON.parse(r.p))).toEqual([{}, { sku: "SKU-1", rating: 4 }, { campaign: "newsletter-04" }]);

    expect(await figures(m)).toEqual(before);

    const exported = await buildMemberExport(handle.db, m.id);
    const text = Object.values(unzipSync(exported!.zip)).map((bytes) => strFromU8(bytes)).join("\n");
    for (const needle of needles) expect(text).not.toContain(needle);

    for (const search of [m.personal.email, m.personal.lastName, m.personal.externalId, m.personal.card, m.personal.phone]) {
      expect((await listMembers(handle.db, { scope: all, search })).total, search).toBe(0);
    }

    expect((await currentConsents(handle.db, m.id)).every((c) => c.status === "withdrawn" && !c.allowed)).toBe(true);
    const audit = await selectRows<{ action: string; after: string }>(
      handle.db,
      sql`SELECT action, after::text FROM audit_log WHERE entity_id = ${m.id} AND action = 'member.erase'`,
    );
    expect(audit.map((a) => ({ action: a.action, after: JSON.parse(a.after) }))).toEqual([{ action: "member.erase", after: { reason: "request" } }]);
  });

  it("refuses a second erasure and a member outside the caller's stores", async () => {
    const m = await createTestMember(handle.db);
    await expect(eraseMember(handle.db, { memberId: m.id, scope: { kind: "stores", storeIds: [crypto.randomUUID()] }, actor: admin })).rejects.toMatchObject({
      code: "not_found",
    });
    await eraseMember(handle.db, { memberId: m.id, scope: all, actor: admin });
    await expect(eraseMember(handle.db, { memberId: m.id, scope: all, actor: admin })).rejects.toMatchObject({ code: "conflict" });
  });

  it("rolls back entirely when a step fails", async () => {
    const m = await createTestMember(handle.db);
    await expect(
      handle.db.transaction(async (tx) => {
        await eraseMember(tx, { memberId: m.id, scope: all, actor: admin });
        throw new Error("later step failed");
      }),
    ).rejects.toThrow("later step failed");
    const [row] = await selectRows<{ status: string; email: string }>(handle.db, sql`SELECT status, email FROM members WHERE id = ${m.id}`);
    expect(row).toEqual({ status: "active", email: m.personal.email });
  });
});
