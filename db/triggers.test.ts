import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, uniqueTag } from "@/test/db";
import type { DbHandle } from "./client";
import { auditLog, salesDaily, stores, transactions } from "./schema";
import { selectRows } from "./sql";

let handle: DbHandle;
let timezone: string;

beforeAll(async () => {
  handle = await openTestDatabase();
  // Tests never write program_settings (its presence marks a seeded program); they read the zone in force.
  const [row] = await selectRows<{ tz: string }>(handle.db, sql`select sales_daily_tz() as tz`);
  timezone = row?.tz ?? "UTC";
});

afterAll(async () => {
  await handle.close();
});

async function makeStore(tag: string) {
  const [store] = await handle.db
    .insert(stores)
    .values({ code: tag, name: `Store ${tag}`, kind: "physical", countryCode: "DE", currency: "EUR", timezone: "Europe/Berlin" })
    .returning({ id: stores.id });
  return store!.id;
}

/** A wall-clock time in the program's time zone, as a Date. */
async function programLocal(local: string): Promise<Date> {
  const [row] = await selectRows<{ epoch: number }>(
    handle.db,
    sql`select extract(epoch from (${local}::timestamp at time zone ${timezone}))::float8 as epoch`,
  );
  return new Date(row!.epoch * 1000);
}

describe("sales_daily rollup trigger", () => {
  it("sums 2 sales of 10.00 + 25.50 and a 4.00 return into one program-local day: sales 35.50, returns -4.00", async () => {
    const tag = uniqueTag("roll");
    const storeId = await makeStore(tag);
    const base = { storeId, channel: "pos" as const, currency: "EUR" as const, source: tag, itemCount: 1 };
    await handle.db.insert(transactions).values([
      { ...base, externalId: "a", occurredAt: await programLocal("2026-03-10 00:30"), totalMinor: 1000 },
      { ...base, externalId: "b", occurredAt: await programLocal("2026-03-10 23:30"), totalMinor: 2550 },
      { ...base, externalId: "c", occurredAt: await programLocal("2026-03-10 12:00"), totalMinor: -400, kind: "return" },
      { ...base, externalId: "d", occurredAt: await programLocal("2026-03-11 00:01"), totalMinor: 700 },
    ]);
    const rows = await handle.db
      .select()
      .from(salesDaily)
      .where(eq(salesDaily.storeId, storeId))
      .orderBy(salesDaily.day);
    expect(rows.map((r) => [r.day, r.transactions, r.returns, r.salesMinor, r.returnsMinor])).toEqual([
      ["2026-03-10", 2, 1, 3550, -400],
      ["2026-03-11", 1, 0, 700, 0],
    ]);
  });

  it("equals a full recount after several statements into the same day", async () => {
    const tag = uniqueTag("roll");
    const storeId = await makeStore(tag);
    const at = await programLocal("2026-04-01 10:00");
    for (let i = 0; i < 5; i++) {
      await handle.db.insert(transactions).values({
        storeId, channel: "online", currency: "EUR", source: tag, externalId: `r${i}`, itemCount: 1, occurredAt: at, totalMinor: 100 * (i + 1),
      });
    }
    const [rollup] = await handle.db.select().from(salesDaily).where(and(eq(salesDaily.storeId, storeId), eq(salesDaily.channel, "online")));
    expect(rollup?.transactions).toBe(5);
    expect(rollup?.salesMinor).toBe(100 + 200 + 300 + 400 + 500);
  });
});

describe("transactions are facts", () => {
  it("refuses to change a receipt's total, and keeps the original", async () => {
    const tag = uniqueTag("imm");
    const storeId = await makeStore(tag);
    const [tx] = await handle.db
      .insert(transactions)
      .values({ storeId, channel: "pos", currency: "EUR", source: tag, externalId: "x", itemCount: 1, occurredAt: new Date(), totalMinor: 999 })
      .returning({ id: transactions.id });
    await expect(handle.db.update(transactions).set({ totalMinor: 1 }).where(eq(transactions.id, tx!.id))).rejects.toThrow();
    const [after] = await handle.db.select({ total: transactions.totalMinor }).from(transactions).where(eq(transactions.id, tx!.id));
    expect(after?.total).toBe(999);
  });

  it("stores a receipt sent twice by the same source once", async () => {
    const tag = uniqueTag("dup");
    const storeId = await makeStore(tag);
    const receipt = { storeId, channel: "pos" as const, currency: "EUR" as const, source: tag, externalId: "same", itemCount: 1, occurredAt: new Date(), totalMinor: 500 };
    await handle.db.insert(transactions).values(receipt);
    await handle.db.insert(transactions).values(receipt).onConflictDoNothing();
    const rows = await handle.db.select().from(transactions).where(inArray(transactions.source, [tag]));
    expect(rows).toHaveLength(1);
  });
});

describe("audit log", () => {
  it("is append-only: update and delete are refused", async () => {
    const entity = uniqueTag("audit");
    const [entry] = await handle.db
      .insert(auditLog)
      .values({ actorKind: "system", action: "test.created", entityType: "test", entityId: entity, after: { ok: true } })
      .returning({ id: auditLog.id });
    await expect(handle.db.update(auditLog).set({ action: "tampered" }).where(eq(auditLog.id, entry!.id))).rejects.toThrow();
    await expect(handle.db.delete(auditLog).where(eq(auditLog.id, entry!.id))).rejects.toThrow();
    const [still] = await handle.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.id, entry!.id));
    expect(still?.action).toBe("test.created");
  });
});
