import { describe, expect, it } from "vitest";
import { addCalendarMonths, expiresAt, planReversal, spendOrder, takeFromLots, type OpenLot } from "./lots";

const lot = (id: number, remaining: number, expires: string | null, status: OpenLot["status"] = "available", transactionId: number | null = null): OpenLot => ({
  id,
  remaining,
  status,
  expiresAt: expires ? new Date(expires) : null,
  transactionId,
});

describe("spending lots", () => {
  it("250 points come from the lot expiring in March, then June, then 50 of the never-expiring one; the pending lot is not spent", () => {
    const lots = [lot(1, 100, "2026-06-01"), lot(2, 100, null), lot(3, 100, "2026-03-01"), lot(4, 100, "2026-09-01", "pending")];
    const { takes, shortfall } = takeFromLots(spendOrder(lots), 250);
    expect(takes.map((t) => [t.lotId, t.points])).toEqual([
      [3, 100],
      [1, 100],
      [2, 50],
    ]);
    expect(shortfall).toBe(0);
  });

  it("a return takes its sale's lot first, then other available lots; what is missing is debt (allow_negative) or written off", () => {
    const lots = [lot(1, 30, "2027-01-01", "available", 11), lot(2, 50, "2026-12-01", "available", 12), lot(3, 40, "2026-11-01", "pending", 13)];
    const negative = planReversal(lots, 11, 100, "allow_negative");
    expect(negative.takes.map((t) => [t.lotId, t.points])).toEqual([
      [1, 30],
      [2, 50],
    ]);
    expect(negative.debt).toBe(20);
    const writeOff = planReversal(lots, 11, 100, "write_off");
    expect([writeOff.debt, writeOff.writtenOff]).toEqual([0, 20]);
  });

  it("points earned 31 January expire 24 months later on 31 January; 1 month after 31 January is 28 February", () => {
    const policy = { returnWindowDays: 14, expiryKind: "rolling_months" as const, expiryMonths: 24, fixedExpiryAt: null };
    expect(expiresAt(new Date("2026-01-31T10:00:00Z"), policy)?.toISOString()).toBe("2028-01-31T10:00:00.000Z");
    expect(addCalendarMonths(new Date("2026-01-31T10:00:00Z"), 1).toISOString()).toBe("2026-02-28T10:00:00.000Z");
    const fixed = { ...policy, expiryKind: "fixed_date" as const, fixedExpiryAt: new Date("2026-12-31T23:00:00Z") };
    expect(expiresAt(new Date("2026-05-01T00:00:00Z"), fixed)?.toISOString()).toBe("2026-12-31T23:00:00.000Z");
    expect(expiresAt(new Date("2027-01-02T00:00:00Z"), fixed)).toBeNull();
    expect(expiresAt(new Date("2027-01-02T00:00:00Z"), { ...policy, expiryKind: "never" })).toBeNull();
  });
});
