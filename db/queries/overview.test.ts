import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, uniqueTag } from "@/test/db";
import type { Scope } from "@/lib/auth/permissions";
import type { DbHandle } from "../client";
import { members, programSettings, stores, transactions } from "../schema";
import type { Currency, SalesChannel } from "../schema/enums";
import { getMemberOverview, getSalesOverview, listOverviewStores, weekStart, type OverviewParams } from "./overview";
import { getProgramInfo } from "./program";

/*
 * A hand-made program: stores A and B (tills) and W (web shop and app), members m1..m6, and receipts on
 * known program-local days around the range 2025-03-01..2025-03-31 (31 days). The previous period is
 * 2025-01-29..2025-02-28; the active window is the 90 days 2025-01-01..2025-03-31, and the previous
 * period's one 2024-12-01..2025-02-28.
 */
const RANGE = { from: "2025-03-01", to: "2025-03-31" };

let handle: DbHandle;
let tag: string;
let timezone: string;
let currency: Currency;
const store: Record<"A" | "B" | "W", string> = { A: "", B: "", W: "" };
let ours: Scope;

/** A wall-clock time in the program's time zone. */
const local = (wallClock: string) => sql`(${wallClock}::timestamp at time zone ${timezone})`;

async function addStore(code: "A" | "B" | "W") {
  const [row] = await handle.db
    .insert(stores)
    .values({
      code: `${tag}-${code}`,
      name: `Store ${code} ${tag}`,
      kind: code === "W" ? "online" : "physical",
      countryCode: "DE",
      currency,
      timezone: "Europe/Berlin",
    })
    .returning({ id: stores.id });
  store[code] = row!.id;
}

async function addMember(home: string, joinedAt: string, status: "active" | "erased" = "active") {
  const [row] = await handle.db.insert(members).values({ homeStoreId: home, joinedAt: local(joinedAt), status }).returning({ id: members.id });
  return row!.id;
}

let receiptNo = 0;
async function addReceipt(memberId: string | null, storeId: string, at: string, totalMinor: number, channel: SalesChannel = "pos") {
  await handle.db.insert(transactions).values({
    memberId,
    storeId,
    channel,
    kind: totalMinor < 0 ? "return" : "sale",
    occurredAt: local(at),
    currency,
    totalMinor,
    itemCount: 1,
    source: `overview-${tag}`,
    externalId: `r${++receiptNo}`,
  });
}

beforeAll(async () => {
  handle = await openTestDatabase();
  // program_settings is one row. A private in-memory database gets a zone east of UTC so that local and
  // UTC midnights differ; a shared database keeps the program it has (its presence marks a seeded program).
  if (handle.driver === "pglite") {
    await handle.db.insert(programSettings).values({ id: 1, name: "Test program", currency: "EUR", timezone: "Europe/Berlin" }).onConflictDoNothing();
  }
  ({ timezone, currency } = await getProgramInfo(handle.db));
  tag = uniqueTag("ov");
  await addStore("A");
  await addStore("B");
  await addStore("W");
  ours = { kind: "stores", storeIds: [store.A, store.B, store.W] };

  const m1 = await addMember(store.A, "2024-06-01 09:00");
  const m2 = await addMember(store.A, "2025-03-05 09:00");
  const m3 = await addMember(store.B, "2025-02-10 09:00");
  await addMember(store.B, "2025-03-31 23:30"); // m4: joins on the last local day
  await addMember(store.A, "2025-04-01 00:10"); // m5: ten minutes after the range, local time
  await addMember(store.B, "2025-03-10 09:00", "erased"); // m6

  // In the range.
  await addReceipt(m3, store.A, "2025-03-01 00:15", 2200); // just after local midnight: still 28 Feb in UTC east of it
  await addReceipt(m1, store.A, "2025-03-03 12:00", 12000);
  await addReceipt(null, store.A, "2025-03-10 15:00", 1000); // a guest: money counts, members do not
  await addReceipt(m3, store.W, "2025-03-15 18:00", 5000, "app");
  await addReceipt(m1, store.W, "2025-03-20 10:00", 3550, "online");
  await addReceipt(m1, store.A, "2025-03-25 11:00", -2000); // a return
  await addReceipt(m2, store.B, "2025-03-31 23:59", 6000);
  // Just after the range: 1 April local, which is still 31 March in UTC east of it.
  await addReceipt(m2, store.B, "2025-04-01 00:30", 8000);
  // In the previous period.
  await addReceipt(m3, store.B, "2025-02-15 12:00", 4000);
  await addReceipt(m3, store.B, "2025-02-20 12:00", 2500);
  // Before both periods, inside both 90-day windows.
  await addReceipt(m1, store.A, "2025-01-10 12:00", 1500);
});

afterAll(async () => {
  await handle?.close();
});

const params = (extra: Partial<OverviewParams> = {}): OverviewParams => ({ scope: ours, ...RANGE, ...extra });

describe("sales KPIs from the daily rollup", () => {
  it("net revenue 22.00 + 120.00 + 10.00 + 50.00 + 35.50 + 60.00 - 20.00 = 277.50; previous 40.00 + 25.00 = 65.00", async () => {
    const { kpis } = await getSalesOverview(handle.db, params());
    expect(kpis.revenueMinor.value).toBe(27_750);
    expect(kpis.revenueMinor.previous).toBe(6_500);
    expect(kpis.revenueMinor.change).toBeCloseTo((27_750 - 6_500) / 6_500, 12);
  });

  it("counts 6 sale receipts (the return and the 00:30 receipt of 1 April are not), 2 in the previous period", async () => {
    const { kpis } = await getSalesOverview(handle.db, params());
    expect(kpis.transactions).toEqual({ value: 6, previous: 2, change: 2 });
  });

  it("average basket 297.50 / 6 = 49.58 (rounded to the cent); previous 65.00 / 2 = 32.50", async () => {
    const { kpis } = await getSalesOverview(handle.db, params());
    expect(kpis.avgBasketMinor.value).toBe(4_958);
    expect(kpis.avgBasketMinor.previous).toBe(3_250);
  });

  it("splits by channel: pos 22.00 + 120.00 + 10.00 + 60.00 - 20.00 = 192.00 in 4 receipts, online 35.50, app 50.00", async () => {
    const { channels } = await getSalesOverview(handle.db, params());
    expect(channels).toEqual([
      { channel: "pos", revenueMinor: 19_200, transactions: 4, avgBasketMinor: 5_300 },
      { channel: "online", revenueMinor: 3_550, transactions: 1, avgBasketMinor: 3_550 },
      { channel: "app", revenueMinor: 5_000, transactions: 1, avgBasketMinor: 5_000 },
    ]);
  });

  it("charts 31 days, 1 March carrying the 00:15 sale and 31 March the 23:59 sale", async () => {
    const { series, granularity } = await getSalesOverview(handle.db, params());
    expect(granularity).toBe("day");
    expect(series).toHaveLength(31);
    expect(series[0]).toMatchObject({ start: "2025-03-01", revenueMinor: { pos: 2_200, online: 0, app: 0 } });
    expect(series[24]).toMatchObject({ start: "2025-03-25", revenueMinor: { pos: -2_000 }, transactions: { pos: 0 } });
    expect(series[30]).toMatchObject({ start: "2025-03-31", revenueMinor: { pos: 6_000 }, transactions: { pos: 1 } });
  });

  it("charts a range longer than 92 days by ISO week, Mondays first", async () => {
    const { series, granularity } = await getSalesOverview(handle.db, params({ from: "2024-12-01", to: "2025-03-31" }));
    expect(granularity).toBe("week");
    expect(series[0]?.start).toBe("2024-11-25");
    expect(series.at(-1)?.start).toBe("2025-03-31");
    expect(series.every((p) => weekStart(p.start) === p.start)).toBe(true);
    const total = series.reduce((sum, p) => sum + p.revenueMinor.pos + p.revenueMinor.online + p.revenueMinor.app, 0);
    expect(total).toBe(1_500 + 6_500 + 27_750);
  });
});

describe("member KPIs", () => {
  it("members joined by 31 March, not erased: m1 m2 m3 m4 = 4 (m5 joined 00:10 on 1 April); previous m1 m3 = 2", async () => {
    const { kpis } = await getMemberOverview(handle.db, params());
    expect(kpis.members).toEqual({ value: 4, previous: 2, change: 1 });
  });

  it("new members in March: m2 + m4 = 2 (erased m6 not counted), all in 2025-03; previous period m3 = 1", async () => {
    const overview = await getMemberOverview(handle.db, params());
    expect(overview.kpis.newMembers).toEqual({ value: 2, previous: 1, change: 1 });
    expect(overview.newMembersByMonth).toEqual([{ month: "2025-03", count: 2 }]);
  });

  it("active members in 1 Jan..31 Mar: m1 m2 m3 = 3 (the guest is no member); previous window m1 m3 = 2", async () => {
    const overview = await getMemberOverview(handle.db, params());
    expect(overview.activeFrom).toBe("2025-01-01");
    expect(overview.kpis.activeMembers).toEqual({ value: 3, previous: 2, change: 0.5 });
  });

  it("repeat purchase rate 2 / 3 (m1 and m3 bought twice, m2 once; returns are no purchases); previous 1 / 1", async () => {
    const { kpis } = await getMemberOverview(handle.db, params());
    expect(kpis.repeatRate.value).toBeCloseTo(2 / 3, 12);
    expect(kpis.repeatRate.previous).toBe(1);
    expect(kpis.repeatRate.change).toBeCloseTo(2 / 3 - 1, 12);
  });
});

describe("scope and store filter", () => {
  it("a manager of store A sees A only: 2 members, revenue 22.00 + 120.00 + 10.00 - 20.00 = 132.00, 2 active, 0 / 2 repeat", async () => {
    const manager: Scope = { kind: "stores", storeIds: [store.A] };
    const [sales, people] = await Promise.all([
      getSalesOverview(handle.db, params({ scope: manager })),
      getMemberOverview(handle.db, params({ scope: manager })),
    ]);
    expect(sales.kpis.revenueMinor.value).toBe(13_200);
    expect(sales.kpis.transactions.value).toBe(3);
    expect(people.kpis.members.value).toBe(2);
    expect(people.kpis.activeMembers.value).toBe(2);
    expect(people.kpis.repeatRate.value).toBe(0);
  });

  it("an admin filtering on store B sees B only: revenue 60.00 in 1 receipt, previous 65.00", async () => {
    const sales = await getSalesOverview(handle.db, params({ scope: { kind: "all" }, storeId: store.B }));
    expect(sales.kpis.revenueMinor).toMatchObject({ value: 6_000, previous: 6_500 });
    expect(sales.kpis.transactions.value).toBe(1);
  });

  it("a manager of store A filtering on store B gets zeros, not B's figures", async () => {
    const manager: Scope = { kind: "stores", storeIds: [store.A] };
    const [sales, people] = await Promise.all([
      getSalesOverview(handle.db, params({ scope: manager, storeId: store.B })),
      getMemberOverview(handle.db, params({ scope: manager, storeId: store.B })),
    ]);
    expect(sales.kpis.revenueMinor.value).toBe(0);
    expect(sales.kpis.transactions.value).toBe(0);
    expect(sales.kpis.avgBasketMinor.value).toBeNull();
    expect(people.kpis.members.value).toBe(0);
    expect(people.kpis.activeMembers.value).toBe(0);
    expect(people.kpis.repeatRate.value).toBeNull();
  });

  it("lists only the manager's own stores to pick from", async () => {
    const list = await listOverviewStores(handle.db, { scope: { kind: "stores", storeIds: [store.A, store.W] } });
    expect(list.map((s) => s.id).sort()).toEqual([store.A, store.W].sort());
  });

  it("refuses a range that ends before it starts, and a store id that is no UUID", async () => {
    await expect(getSalesOverview(handle.db, params({ from: "2025-03-31", to: "2025-03-01" }))).rejects.toThrow(/from and to/);
    await expect(getMemberOverview(handle.db, params({ storeId: "1; drop table members" }))).rejects.toThrow(/UUID/);
  });
});
