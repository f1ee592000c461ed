import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, uniqueTag } from "@/test/db";
import type { DbHandle } from "../../client";
import { selectRows } from "../../sql";
import { extractMemberFeatures } from "./extract";
import { addEvent, addMember, addReceipt, createWorld, type World } from "./fixtures";

const NOW = new Date("2025-06-15T12:00:00Z");
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

let handle: DbHandle;
let world: World;
let memberId: string;
let timeZone: string;

function local(date: Date): { hour: number; weekday: number } {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "numeric", hourCycle: "h23", weekday: "short" }).formatToParts(date);
  const hour = Number(parts.find((p) => p.type === "hour")?.value);
  const weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(parts.find((p) => p.type === "weekday")?.value ?? "") + 1;
  return { hour, weekday };
}

beforeAll(async () => {
  handle = await openTestDatabase();
  const tag = uniqueTag("feat");
  world = await createWorld(handle.db, tag);
  [{ tz: timeZone }] = (await selectRows<{ tz: string }>(handle.db, sql`select sales_daily_tz() as tz`)) as [{ tz: string }];
  const { books, toys, coffee } = world.categories;
  memberId = await addMember(handle.db, { joinedAt: ago(400), birthDate: "1990-06-20", city: "Berlin", postcode: "10 115", homeStoreId: world.stores.a, email: `${tag}@x.test` });
  const db = handle.db;
  await addReceipt(db, tag, { memberId, storeId: world.stores.a, occurredAt: ago(200), totalMinor: 3000, lines: [{ categoryId: books.id, amountMinor: 2000 }, { productId: coffee.productId, amountMinor: 1000 }] });
  await addReceipt(db, tag, { memberId, storeId: world.stores.online, channel: "online", occurredAt: ago(100), totalMinor: 5000, lines: [{ categoryId: books.id, amountMinor: 5000 }] });
  await addReceipt(db, tag, { memberId, storeId: world.stores.a, occurredAt: ago(40), totalMinor: 2000, lines: [{ categoryId: toys.id, amountMinor: 2000 }] });
  await addReceipt(db, tag, { memberId, storeId: world.stores.online, channel: "app", occurredAt: ago(10), totalMinor: 4000, lines: [{ categoryId: coffee.id, amountMinor: 4000 }] });
  await addReceipt(db, tag, { memberId, storeId: world.stores.a, occurredAt: ago(9), totalMinor: -1000 });
  await addReceipt(db, tag, { memberId, storeId: world.stores.b, occurredAt: ago(5), totalMinor: 9999, currency: "USD" });
  // After the as-of instant: must change nothing.
  await addReceipt(db, tag, { memberId, storeId: world.stores.a, occurredAt: new Date(NOW.getTime() + 3_600_000), totalMinor: 100_000, lines: [{ categoryId: toys.id, amountMinor: 100_000 }] });
  await addEvent(db, tag, { memberId, channel: "app", type: "app_open", occurredAt: ago(5) });
  await addEvent(db, tag, { memberId, channel: "app", type: "app_open", occurredAt: ago(20) });
  await addEvent(db, tag, { memberId, channel: "email", type: "email_open", occurredAt: ago(60) });
  await addEvent(db, tag, { memberId, channel: "web", type: "page_view", occurredAt: ago(100) });
  await addEvent(db, tag, { memberId, channel: "app", type: "app_open", occurredAt: new Date(NOW.getTime() + 1000) });
});

afterAll(async () => {
  await handle?.close();
});

describe("extractMemberFeatures", () => {
  it("computes each feature of a hand-made member from the data before asOf", async () => {
    const [f] = await extractMemberFeatures(handle.db, { asOf: NOW, memberIds: [memberId] });
    expect(f).toBeDefined();
    if (!f) return;
    // Sales at 200, 100, 40, 10 and 5 (USD) days ago; a return 9 days ago; the sale an hour after NOW is left out.
    expect([f.purchases, f.returns]).toEqual([5, 1]);
    expect(f.firstPurchaseAt).toEqual(ago(200));
    expect(f.lastPurchaseAt).toEqual(ago(5));
    expect(f.recencyDays).toBe(5);
    expect(f.tenureDays).toBe(400);
    // EUR only: 3000 + 5000 + 2000 + 4000 - 1000 = 13000 net; 14000 / 4 EUR sales = 3500 a basket.
    expect([f.netSpendMinor, f.salesMinor, f.avgBasketMinor]).toEqual([13_000, 14_000, 3_500]);
    // Last 90 days: sales 40, 10, 5 days ago; EUR spend 2000 + 4000 - 1000; the 90 before: 5000; trend 5000 / 5000.
    expect([f.purchases90d, f.spend90dMinor, f.spendPrev90dMinor, f.spendTrend]).toEqual([3, 5_000, 5_000, 1]);
    expect(f.spend365dMinor).toBe(13_000);
    // Gaps 100, 60, 30, 5 days: mean 48.75, population sd sqrt(5018.75 / 4) = 35.4216, cv 0.72660.
    expect(f.gapMeanDays).toBeCloseTo(48.75, 6);
    expect(f.gapCv).toBeCloseTo(Math.sqrt(5018.75 / 4) / 48.75, 6);
    expect(f.purchasesByChannel).toEqual({ pos: 3, online: 1, app: 1 });
    expect(f.channelShares).toEqual({ pos: 0.6, online: 0.2, app: 0.2 });
    const sales = [ago(200), ago(100), ago(40), ago(10), ago(5)].map(local);
    expect(f.weekendShare).toBeCloseTo(sales.filter((s) => s.weekday >= 6).length / 5, 9);
    // Every sale is at 12:00 UTC, so all share one local hour; weekdays differ and ties go to the smallest.
    expect(f.usualHour).toBe(sales[0]!.hour);
    const byDay = new Map<number, number>();
    for (const s of sales) byDay.set(s.weekday, (byDay.get(s.weekday) ?? 0) + 1);
    const top = Math.max(...byDay.values());
    expect(f.usualWeekday).toBe(Math.min(...[...byDay].filter(([, n]) => n === top).map(([d]) => d)));
    // Sale lines in EUR: books 2000 + 5000, coffee 1000 (through its product) + 4000, toys 2000 of 14000.
    expect(f.lineSalesMinor).toBe(14_000);
    const { books, toys, coffee } = world.categories;
    expect(f.categoryShares[books.code]).toBeCloseTo(0.5, 12);
    expect(f.categoryShares[coffee.code]).toBeCloseTo(5 / 14, 12);
    expect(f.categoryShares[toys.code]).toBeCloseTo(1 / 7, 12);
    // Events 5, 20, 60, 100 days ago; the one after NOW is left out.
    expect(f.engagement.app).toEqual({ last30d: 2, last90d: 2 });
    expect(f.engagement.email).toEqual({ last30d: 0, last90d: 1 });
    expect(f.engagement.web).toEqual({ last30d: 0, last90d: 0 });
    expect(f.lastEngagementAt).toEqual(ago(5));
    expect(f.daysSinceEngagement).toBe(5);
    expect(f.lastEventAt.app_open).toEqual(ago(5));
    expect(f.lastEventAt.email_open).toEqual(ago(60));
    expect(f.lastEventAt.page_view).toEqual(ago(100));
    expect(f.lastEventAt.review).toBeNull();
    expect(f.lastActivityAt).toEqual(ago(5));
    // Born 1990-06-20: 34 on 2025-06-15, five days before the 35th birthday.
    expect([f.age, f.city, f.postcodePrefix, f.hasEmail, f.hasPhone]).toEqual([34, "Berlin", "10", true, false]);
    expect(f.pointsBalance).toBeNull();
  });

  it("as of an earlier instant sees only what happened before it (point in time)", async () => {
    const asOf = ago(50);
    const [f] = await extractMemberFeatures(handle.db, { asOf, memberIds: [memberId] });
    // Only the sales 200 and 100 days ago existed 50 days before NOW.
    expect([f?.purchases, f?.returns, f?.netSpendMinor, f?.recencyDays]).toEqual([2, 0, 8_000, 50]);
    // Window ends at asOf: the 90 days before it hold the sale 100 days ago (50 days before asOf).
    expect([f?.purchases90d, f?.spend90dMinor, f?.spendPrev90dMinor, f?.spendTrend]).toEqual([1, 5_000, 3_000, 5_000 / 3_000]);
    expect(f?.lastEngagementAt).toEqual(ago(60));
    expect(f?.engagement.email).toEqual({ last30d: 1, last90d: 1 });
  });

  it("leaves out members who joined at or after asOf, and members matched by a condition work too", async () => {
    const later = await addMember(handle.db, { joinedAt: ago(3), homeStoreId: world.stores.b });
    const before = await extractMemberFeatures(handle.db, { asOf: ago(4), memberIds: [memberId, later] });
    expect(before.map((f) => f.memberId)).toEqual([memberId]);
    const byStore = await extractMemberFeatures(handle.db, { asOf: NOW, where: sql`m.home_store_id = ${world.stores.b}` });
    expect(byStore.map((f) => [f.memberId, f.purchases, f.lastPurchaseAt])).toEqual([[later, 0, null]]);
  });
});
