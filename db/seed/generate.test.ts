import { beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "./calendar";
import { generateSample, type ProgramSample } from "./testing";

const END = new Date("2026-01-01T00:00:00Z");

function digest(sample: ProgramSample): string {
  return JSON.stringify(sample.all);
}

describe("determinism", () => {
  it("the same seed generates identical members, receipts, events and ground truth twice", () => {
    const a = generateSample({ members: 150, months: 12, seed: 5, end: END });
    const b = generateSample({ members: 150, months: 12, seed: 5, end: END });
    expect(a.all.transactions.length).toBeGreaterThan(300);
    expect(digest(a)).toBe(digest(b));
  });

  it("another seed generates different data", () => {
    const a = generateSample({ members: 150, months: 12, seed: 5, end: END });
    const b = generateSample({ members: 150, months: 12, seed: 6, end: END });
    expect(a.all.members.map((m) => m.id)).not.toEqual(b.all.members.map((m) => m.id));
    expect(a.all.transactions.map((t) => t.totalMinor)).not.toEqual(b.all.transactions.map((t) => t.totalMinor));
  });

  it("chunks of 7 members produce exactly what one chunk of 150 produces", () => {
    const small = generateSample({ members: 150, months: 12, seed: 5, end: END, chunkSize: 7 });
    const whole = generateSample({ members: 150, months: 12, seed: 5, end: END, chunkSize: 150 });
    expect(digest(small)).toBe(digest(whole));
  });

  it("a tag prefixes every business key and changes row ids, but not behaviour", () => {
    const plain = generateSample({ members: 40, months: 6, seed: 9, end: END });
    const tagged = generateSample({ members: 40, months: 6, seed: 9, end: END, tag: "t-abc" });
    expect(tagged.all.transactions.map((t) => t.totalMinor)).toEqual(plain.all.transactions.map((t) => t.totalMinor));
    expect(tagged.all.members.every((m) => m.externalId.startsWith("t-abc-M") && m.email?.startsWith("t-abc.") !== false)).toBe(true);
    expect(tagged.plan.stores.every((s) => s.dbCode.startsWith("t-abc-"))).toBe(true);
    expect(tagged.plan.catalog.products.every((p) => p.sku.startsWith("t-abc-"))).toBe(true);
    expect(tagged.all.identities.every((i) => i.value.startsWith("t-abc"))).toBe(true);
    const plainIds = new Set(plain.all.members.map((m) => m.id));
    expect(tagged.all.members.some((m) => plainIds.has(m.id))).toBe(false);
  });

  it("a tag that cannot be part of an e-mail address is refused", () => {
    expect(() => generateSample({ members: 1, months: 1, seed: 1, end: END, tag: "bad tag@" })).toThrow(/tag must be/);
  });
});

describe("receipts, identities and profiles of 1,000 members over 24 months", () => {
  let sample: ProgramSample;
  beforeAll(() => {
    sample = generateSample({ members: 1000, months: 24, seed: 21, end: END });
  });

  it("every receipt adds up: total = sum of line amounts, discount = sum of line discounts, item count = sum of quantities", () => {
    for (const t of sample.all.transactions) {
      expect(t.lines.length).toBeGreaterThanOrEqual(1);
      expect(t.lines.length).toBeLessThanOrEqual(6);
      expect(t.totalMinor).toBe(t.lines.reduce((s, l) => s + l.amountMinor, 0));
      expect(t.discountMinor).toBe(t.lines.reduce((s, l) => s + l.discountMinor, 0));
      expect(t.itemCount).toBe(t.lines.reduce((s, l) => s + l.quantity, 0));
      expect(t.kind === "sale").toBe(t.totalMinor >= 0);
    }
  });

  it("between 1.5% and 4% of sales come back as returns, later, at the same store, negating lines of the sale", () => {
    const { transactions } = sample.all;
    const returns = transactions.filter((t) => t.kind === "return");
    const sales = transactions.length - returns.length;
    expect(returns.length / sales).toBeGreaterThan(0.015);
    expect(returns.length / sales).toBeLessThan(0.04);
    for (const r of returns) {
      const sale = transactions[r.originalIndex ?? -1];
      expect(sale?.kind).toBe("sale");
      expect(sale?.memberId).toBe(r.memberId);
      expect(sale?.storeId).toBe(r.storeId);
      expect(r.occurredAtMs).toBeGreaterThan(sale?.occurredAtMs ?? Infinity);
      expect(r.externalId).not.toBe(sale?.externalId);
      for (const line of r.lines) expect(sale?.lines.some((l) => l.sku === line.sku && l.amountMinor === -line.amountMinor)).toBe(true);
    }
  });

  it("each sale links the member's previous and second-previous sale, in strictly increasing time; returns link nothing", () => {
    for (const m of sample.members) {
      const times = m.sales.map((t) => t.occurredAtMs);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(new Set(times).size).toBe(times.length);
      m.sales.forEach((sale, i) => {
        expect(sale.prevSaleAtMs).toBe(times[i - 1] ?? null);
        expect(sale.prev2SaleAtMs).toBe(times[i - 2] ?? null);
      });
      for (const r of m.returns) expect([r.prevSaleAtMs, r.prev2SaleAtMs]).toEqual([null, null]);
    }
  });

  it("receipt numbers are unique per source", () => {
    const keys = sample.all.transactions.map((t) => `${t.source}|${t.externalId}`);
    expect(new Set(keys).size).toBe(keys.length);
    const eventKeys = sample.all.events.map((e) => `${e.source}|${e.externalId}`);
    expect(new Set(eventKeys).size).toBe(eventKeys.length);
  });

  it("till purchases book to the shopper's stores as pos:<code>, web and app purchases to the ONLINE store", () => {
    const storeById = new Map(sample.plan.stores.map((s) => [s.id, s]));
    for (const t of sample.all.transactions) {
      const store = storeById.get(t.storeId);
      if (t.channel === "pos") {
        expect(store?.kind).toBe("physical");
        expect(t.source).toBe(`pos:${store?.dbCode}`);
      } else {
        expect(store?.code).toBe("ONLINE");
        expect(t.source).toBe(t.channel);
      }
    }
  });

  it("till purchases happen between 8:00 and 20:00 store-local time, and never on a Sunday in Germany or Poland", () => {
    const storeById = new Map(sample.plan.stores.map((s) => [s.id, s]));
    const formats = new Map<string, Intl.DateTimeFormat>();
    for (const t of sample.all.transactions.filter((x) => x.channel === "pos" && x.kind === "sale")) {
      const store = storeById.get(t.storeId);
      if (!store) throw new Error("unknown store");
      const format =
        formats.get(store.timezone) ??
        new Intl.DateTimeFormat("en-GB", { timeZone: store.timezone, hourCycle: "h23", hour: "numeric", weekday: "short" });
      formats.set(store.timezone, format);
      const parts = Object.fromEntries(format.formatToParts(new Date(t.occurredAtMs)).map((p) => [p.type, p.value]));
      const hour = Number(parts.hour);
      expect(hour).toBeGreaterThanOrEqual(8);
      expect(hour).toBeLessThan(20);
      if (store.closedOnSunday) expect(parts.weekday).not.toBe("Sun");
    }
  });

  it("every member has a loyalty card; members buying online or in the app have that account and an e-mail identity", () => {
    const kinds = new Map<string, Set<string>>();
    for (const i of sample.all.identities) kinds.set(i.memberId, (kinds.get(i.memberId) ?? new Set()).add(i.kind));
    for (const m of sample.members) {
      const own = kinds.get(m.member.id) ?? new Set<string>();
      expect(own.has("loyalty_card")).toBe(true);
      const channels = new Set(m.sales.map((t) => t.channel));
      if (channels.has("online")) expect([own.has("online_account"), own.has("email")]).toEqual([true, true]);
      if (channels.has("app")) expect([own.has("app_account"), own.has("email")]).toEqual([true, true]);
    }
  });

  it("e-mail addresses are unique and all at reserved example domains", () => {
    const emails = sample.all.members.flatMap((m) => (m.email ? [m.email] : []));
    expect(emails.length).toBeGreaterThan(700);
    expect(new Set(emails).size).toBe(emails.length);
    for (const email of emails) expect(email).toMatch(/^[a-z.-]+\.\d+@example\.(com|org|net)$/);
  });

  it("members join over the whole period, 1.3x more in the second year than in the first, and first buy within 90 minutes", () => {
    const secondYear = Date.UTC(2025, 0, 1);
    const joins = sample.members.map((m) => m.member.joinedAtMs);
    expect(Math.min(...joins)).toBeLessThan(Date.UTC(2024, 0, 15));
    expect(Math.max(...joins)).toBeGreaterThan(Date.UTC(2025, 11, 15));
    expect(joins.filter((j) => j >= secondYear).length / joins.filter((j) => j < secondYear).length).toBeGreaterThan(1.3);
    for (const m of sample.members.filter((x) => x.sales.length > 0)) {
      const first = Math.min(...m.sales.map((t) => t.occurredAtMs));
      expect(first - m.member.joinedAtMs).toBeGreaterThan(0);
      expect(first - m.member.joinedAtMs).toBeLessThanOrEqual(DAY_MS / 16);
    }
  });

  it("locales follow the home country: Germans use de or en, Swedes sv or en, Poles pl or en, Emiratis ar or en", () => {
    const allowed: Record<string, string[]> = { DE: ["de", "en"], SE: ["sv", "en"], PL: ["pl", "en"], AE: ["ar", "en"] };
    for (const m of sample.all.members) expect(allowed[m.countryCode]).toContain(m.locale);
    expect(new Set(sample.all.members.map((m) => m.locale)).size).toBe(5);
  });
});
