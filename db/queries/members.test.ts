import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, uniqueTag } from "@/test/db";
import type { DbHandle } from "../client";
import { categories, engagementEvents, memberIdentities, members, products, stores, transactionLines, transactions } from "../schema";
import type { SalesChannel } from "../schema/enums";
import { getMember360, listMembers, listScopeStores } from "./members";

const NOW = new Date("2025-06-15T12:00:00Z");
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

let handle: DbHandle;
let tag: string;
// Letters and digits only, so the tag survives in names, e-mails and card numbers alike.
let key: string;
let storeA: string;
let storeB: string;
let kpiMember: string;
let booksId: string;
const membersA: string[] = [];
let memberB: string;

async function addStore(code: string): Promise<string> {
  const [row] = await handle.db
    .insert(stores)
    .values({ code: `${tag}-${code}`, name: `Store ${code} ${tag}`, kind: "physical", countryCode: "DE", currency: "EUR", timezone: "Europe/Berlin" })
    .returning({ id: stores.id });
  return row!.id;
}

async function addMember(values: Partial<typeof members.$inferInsert> & { homeStoreId: string; joinedAt: Date }): Promise<string> {
  const [row] = await handle.db.insert(members).values(values).returning({ id: members.id });
  return row!.id;
}

let receiptNo = 0;
async function addReceipt(memberId: string, storeId: string, at: Date, totalMinor: number, channel: SalesChannel = "pos") {
  const [row] = await handle.db
    .insert(transactions)
    .values({
      memberId,
      storeId,
      channel,
      kind: totalMinor < 0 ? "return" : "sale",
      occurredAt: at,
      currency: "EUR",
      totalMinor,
      itemCount: 1,
      source: `test-${tag}`,
      externalId: `r${++receiptNo}`,
    })
    .returning({ id: transactions.id });
  return row!.id;
}

beforeAll(async () => {
  handle = await openTestDatabase();
  tag = uniqueTag("mem");
  key = tag.replace(/[^a-z0-9]/gi, "");
  storeA = await addStore("A");
  storeB = await addStore("B");
  const [books, toys] = await handle.db
    .insert(categories)
    .values([
      { code: `${tag}-books`, name: "Books" },
      { code: `${tag}-toys`, name: "Toys" },
    ])
    .returning({ id: categories.id });
  booksId = books!.id;
  const [novel] = await handle.db
    .insert(products)
    .values({ sku: `${tag}-novel`, name: "A Novel", categoryId: books!.id, priceMinor: 500, currency: "EUR" })
    .returning({ id: products.id });

  kpiMember = await addMember({
    firstName: "Annika",
    lastName: `Berg${key}`,
    email: `annika.${key}@shop.test`,
    phone: "+4915100000",
    externalId: `EXT${key}`,
    homeStoreId: storeA,
    joinedAt: new Date("2024-01-10T09:00:00Z"),
  });
  membersA.push(kpiMember);
  await handle.db.insert(memberIdentities).values({ memberId: kpiMember, kind: "loyalty_card", value: `CARD${key.toUpperCase()}` });
  // 10.00 (books, in store), 20.00 (5.00 books + 15.00 toys, online), 30.00 (toys, in store), then 5.00 back.
  const r1 = await addReceipt(kpiMember, storeA, daysAgo(70), 1000, "pos");
  const r2 = await addReceipt(kpiMember, storeA, daysAgo(40), 2000, "online");
  const r3 = await addReceipt(kpiMember, storeB, daysAgo(12), 3000, "pos");
  await addReceipt(kpiMember, storeA, daysAgo(5), -500, "pos");
  await handle.db.insert(transactionLines).values([
    { transactionId: r1, lineNo: 1, productId: novel!.id, sku: `${tag}-novel`, categoryId: books!.id, quantity: 2, amountMinor: 1000 },
    { transactionId: r2, lineNo: 1, productId: novel!.id, sku: `${tag}-novel`, categoryId: books!.id, quantity: 1, amountMinor: 500 },
    { transactionId: r2, lineNo: 2, sku: `${tag}-toy`, categoryId: toys!.id, quantity: 1, amountMinor: 1500, discountMinor: 200 },
    { transactionId: r3, lineNo: 1, sku: `${tag}-toy`, categoryId: toys!.id, quantity: 2, amountMinor: 3000 },
  ]);
  await handle.db.insert(engagementEvents).values([
    { memberId: kpiMember, channel: "app", type: "app_open", occurredAt: daysAgo(10), source: `test-${tag}`, externalId: "e1" },
    { memberId: kpiMember, channel: "app", type: "app_open", occurredAt: daysAgo(40), source: `test-${tag}`, externalId: "e2" },
    { memberId: kpiMember, channel: "email", type: "email_open", occurredAt: daysAgo(100), source: `test-${tag}`, externalId: "e3" },
  ]);

  // Six more members of store A, joined one day apart, with spend 1.00 .. 6.00 in the app.
  for (let i = 1; i <= 6; i++) {
    const id = await addMember({ firstName: `Member${i}`, lastName: `Tail${key}`, homeStoreId: storeA, joinedAt: new Date(Date.UTC(2024, 2, i)) });
    await addReceipt(id, storeA, daysAgo(20 - i), i * 100, "app");
    membersA.push(id);
  }
  memberB = await addMember({ firstName: "Bruno", lastName: `Berg${key}`, email: `bruno.${key}@shop.test`, homeStoreId: storeB, joinedAt: new Date("2024-05-01T00:00:00Z") });
});

afterAll(async () => {
  await handle?.close();
});

const all = { kind: "all" } as const;

describe("listMembers", () => {
  it("finds members by part of the name, part of the e-mail, the member number and a whole card number in any letter case", async () => {
    const byName = await listMembers(handle.db, { scope: all, search: `berg${key}`.toUpperCase() });
    expect(byName.rows.map((r) => r.id).sort()).toEqual([kpiMember, memberB].sort());
    const byFullName = await listMembers(handle.db, { scope: all, search: `annika berg${key}` });
    expect(byFullName.rows.map((r) => r.id)).toEqual([kpiMember]);
    const byEmail = await listMembers(handle.db, { scope: all, search: `${key}@shop` });
    expect(byEmail.total).toBe(2);
    const byCard = await listMembers(handle.db, { scope: all, search: `card${key}` });
    expect(byCard.rows.map((r) => r.id)).toEqual([kpiMember]);
    const byNumber = await listMembers(handle.db, { scope: all, search: `EXT${key}` });
    expect(byNumber.rows.map((r) => r.id)).toEqual([kpiMember]);
  });

  it("treats % and _ in a search as plain characters", async () => {
    const result = await listMembers(handle.db, { scope: all, search: `%${key}_` });
    expect(result.total).toBe(0);
  });

  it("shows 3 purchases, last 12 days ago, and net spend 55.00 EUR in the member's row", async () => {
    const { rows } = await listMembers(handle.db, { scope: all, search: `annika.${key}` });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      displayName: `Annika Berg${key}`,
      email: `annika.${key}@shop.test`,
      homeStoreId: storeA,
      homeStoreName: `Store A ${tag}`,
      purchases: 3,
      spend: [{ currency: "EUR", minor: 5500 }],
      lastPurchaseAt: daysAgo(12),
    });
    expect(rows[0]).not.toHaveProperty("phone");
  });

  it("pages 7 members of a store 3 at a time: 3 pages, the last holding 1, newest joined first", async () => {
    const pages = await Promise.all([1, 2, 3].map((page) => listMembers(handle.db, { scope: all, storeId: storeA, page, pageSize: 3 })));
    expect(pages.map((p) => [p.total, p.pageCount, p.rows.length])).toEqual([
      [7, 3, 3],
      [7, 3, 3],
      [7, 3, 1],
    ]);
    const ids = pages.flatMap((p) => p.rows.map((r) => r.id));
    expect(new Set(ids).size).toBe(7);
    expect(ids.slice(0, 6)).toEqual(membersA.slice(1).reverse());
    const beyond = await listMembers(handle.db, { scope: all, storeId: storeA, page: 99, pageSize: 3 });
    expect(beyond.page).toBe(3);
  });

  it("sorts a store's members by net spend: 55.00 first, then 6.00 down to 1.00", async () => {
    const { rows } = await listMembers(handle.db, { scope: all, storeId: storeA, sort: "spend", direction: "desc" });
    expect(rows.map((r) => r.spend[0]?.minor)).toEqual([5500, 600, 500, 400, 300, 200, 100]);
    const asc = await listMembers(handle.db, { scope: all, storeId: storeA, sort: "last_purchase", direction: "asc" });
    expect(asc.rows[0]?.id).toBe(membersA[1]);
  });

  it("filters by preferred channel: the 6 app buyers, not the member who bought twice in store and once online", async () => {
    const app = await listMembers(handle.db, { scope: all, storeId: storeA, channel: "app" });
    expect(app.total).toBe(6);
    const pos = await listMembers(handle.db, { scope: all, storeId: storeA, channel: "pos" });
    expect(pos.rows.map((r) => r.id)).toEqual([kpiMember]);
    const past = await listMembers(handle.db, { scope: all, storeId: storeA, channel: "app", page: 9, pageSize: 4 });
    expect([past.total, past.page, past.rows.length]).toEqual([6, 2, 2]);
  });

  it("drops a figure sort and the channel filter over more members than the limit, and says so", async () => {
    const sorted = await listMembers(handle.db, { scope: all, storeId: storeA, sort: "spend", figureLimit: 6 });
    expect(sorted).toMatchObject({ sort: "joined", direction: "desc", figuresLimited: true, total: 7 });
    expect(sorted.rows[0]?.id).toBe(membersA[6]);
    const channel = await listMembers(handle.db, { scope: all, storeId: storeA, channel: "pos", figureLimit: 6 });
    expect(channel).toMatchObject({ channelApplied: false, figuresLimited: true, total: 7 });
    const within = await listMembers(handle.db, { scope: all, storeId: storeA, channel: "pos", figureLimit: 7 });
    expect(within).toMatchObject({ channelApplied: true, figuresLimited: false, total: 1 });
  });

  it("matches a search shorter than 3 characters against whole numbers only, not inside names", async () => {
    const { rows } = await listMembers(handle.db, { scope: all, search: "An", pageSize: 100 });
    expect(rows.map((r) => r.id)).not.toContain(kpiMember);
  });

  it("filters by joined date and status", async () => {
    const march = await listMembers(handle.db, {
      scope: all,
      storeId: storeA,
      joinedFrom: new Date("2024-03-02T00:00:00Z"),
      joinedTo: new Date("2024-03-04T00:00:00Z"),
    });
    expect(march.total).toBe(2);
    const inactive = await listMembers(handle.db, { scope: all, storeId: storeA, status: "inactive" });
    expect(inactive.total).toBe(0);
  });

  it("shows a store manager only members of their own stores", async () => {
    const manager = { kind: "stores", storeIds: [storeA] } as const;
    const everything = await listMembers(handle.db, { scope: manager, pageSize: 100 });
    expect(everything.rows.every((r) => r.homeStoreId === storeA)).toBe(true);
    const searched = await listMembers(handle.db, { scope: manager, search: `berg${key}` });
    expect(searched.rows.map((r) => r.id)).toEqual([kpiMember]);
    const otherStore = await listMembers(handle.db, { scope: manager, storeId: storeB });
    expect(otherStore.total).toBe(0);
    const noStores = await listMembers(handle.db, { scope: { kind: "stores", storeIds: [] } });
    expect(noStores.total).toBe(0);
    expect(await listScopeStores(handle.db, { scope: manager })).toEqual([{ id: storeA, name: `Store A ${tag}` }]);
  });
});

describe("getMember360", () => {
  it("returns null for a malformed id, an unknown id, and a member outside the caller's stores", async () => {
    expect(await getMember360(handle.db, { scope: all, memberId: "not-a-uuid" })).toBeNull();
    expect(await getMember360(handle.db, { scope: all, memberId: "123" })).toBeNull();
    expect(await getMember360(handle.db, { scope: all, memberId: "00000000-0000-4000-8000-000000000000" })).toBeNull();
    const manager = { kind: "stores", storeIds: [storeA] } as const;
    expect(await getMember360(handle.db, { scope: manager, memberId: memberB })).toBeNull();
    expect((await getMember360(handle.db, { scope: manager, memberId: kpiMember }))?.profile.id).toBe(kpiMember);
  });

  it("3 purchases of 10.00, 20.00, 30.00 EUR and a 5.00 return: spend 55.00, average basket 20.00, last purchase 12 days ago", async () => {
    const m = await getMember360(handle.db, { scope: all, memberId: kpiMember, now: NOW });
    expect(m?.kpis).toEqual({
      currency: "EUR",
      purchases: 3,
      returns: 1,
      salesMinor: 6000,
      returnsMinor: -500,
      spendMinor: 5500,
      averageBasketMinor: 2000,
      firstPurchaseAt: daysAgo(70),
      lastPurchaseAt: daysAgo(12),
      daysSinceLastPurchase: 12,
      otherCurrencies: [],
    });
    expect(m?.profile).toMatchObject({ email: `annika.${key}@shop.test`, phone: "+4915100000", homeStore: { id: storeA, name: `Store A ${tag}` } });
    expect(m?.identities).toEqual([expect.objectContaining({ kind: "loyalty_card", value: `CARD${key.toUpperCase()}` })]);
  });

  it("books 15.00 and toys 45.00 of 60.00 sale lines: category mix 25 % / 75 %; 2 of 3 purchases in store", async () => {
    const m = await getMember360(handle.db, { scope: all, memberId: kpiMember, now: NOW });
    expect(m?.categoryMix.map((c) => [c.name, c.amountMinor, c.share])).toEqual([
      ["Toys", 4500, 0.75],
      ["Books", 1500, 0.25],
    ]);
    expect(m?.categoryMix[1]?.categoryId).toBe(booksId);
    expect(m?.channelMix.map((c) => [c.channel, c.purchases, c.amountMinor])).toEqual([
      ["pos", 2, 4000],
      ["online", 1, 2000],
    ]);
    expect(m?.channelMix[0]?.share).toBeCloseTo(2 / 3, 10);
  });

  it("lists the 4 receipts newest first with their lines, and cuts the timeline at the limit asked for", async () => {
    const m = await getMember360(handle.db, { scope: all, memberId: kpiMember, now: NOW });
    expect(m?.receipts.total).toBe(4);
    expect(m?.receipts.items.map((r) => [r.kind, r.totalMinor, r.lines.length])).toEqual([
      ["return", -500, 0],
      ["sale", 3000, 1],
      ["sale", 2000, 2],
      ["sale", 1000, 1],
    ]);
    expect(m?.receipts.items[2]?.lines[0]).toMatchObject({ productName: "A Novel", categoryName: "Books", quantity: 1, amountMinor: 500 });
    expect(m?.receipts.items[2]?.lines[1]).toMatchObject({ productName: null, categoryName: "Toys", discountMinor: 200 });
    const two = await getMember360(handle.db, { scope: all, memberId: kpiMember, now: NOW, receiptLimit: 2 });
    expect(two?.receipts.items).toHaveLength(2);
  });

  it("sums net spend per month over 12 months: April 10.00, May 20.00, June 30.00 - 5.00 = 25.00", async () => {
    const m = await getMember360(handle.db, { scope: all, memberId: kpiMember, now: NOW, timeZone: "Europe/Berlin" });
    expect(m?.monthlySpend).toHaveLength(12);
    expect(m?.monthlySpend[0]?.month).toBe("2024-07");
    expect(m?.monthlySpend.slice(-3)).toEqual([
      { month: "2025-04", amountMinor: 1000 },
      { month: "2025-05", amountMinor: 2000 },
      { month: "2025-06", amountMinor: 2500 },
    ]);
  });

  it("counts engagement per channel: app 1 in 30 days and 2 in 90, the e-mail open 100 days ago in neither", async () => {
    const m = await getMember360(handle.db, { scope: all, memberId: kpiMember, now: NOW });
    expect(m?.engagement.byChannel).toEqual([{ channel: "app", last30Days: 1, last90Days: 2 }]);
    expect(m?.engagement.recent.map((e) => e.type)).toEqual(["app_open", "app_open", "email_open"]);
  });

  it("gives a member with no purchases empty figures", async () => {
    const m = await getMember360(handle.db, { scope: all, memberId: memberB, now: NOW });
    expect(m?.kpis).toMatchObject({ purchases: 0, spendMinor: 0, averageBasketMinor: null, lastPurchaseAt: null, daysSinceLastPurchase: null });
    expect(m?.monthlySpend.every((s) => s.amountMinor === 0)).toBe(true);
    expect(m?.receipts.items).toEqual([]);
  });
});
