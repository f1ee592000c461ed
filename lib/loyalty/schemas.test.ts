import { describe, expect, it } from "vitest";
import { LoyaltyError, parseInput } from "./errors";
import { earningRuleInput } from "./rule-schemas";
import { adjustmentInput, normalizeReceipt, receiptInput, redemptionInput, returnInput } from "./schemas";

const receipt = {
  externalId: "R-1",
  memberExternalId: "M-1",
  storeCode: "S1",
  channel: "pos",
  occurredAt: "2026-03-10T14:05:00+01:00",
  currency: "EUR",
  lines: [
    { sku: "BOOK-1", category: "books", quantity: 2, amount: "24.50", discount: "1.00" },
    { sku: "TEA-1", category: "tea", quantity: 1, amount: 3.2 },
  ],
};

function fieldsOf(schema: Parameters<typeof parseInput>[0], value: unknown): Record<string, string[]> {
  try {
    parseInput(schema, value);
  } catch (error) {
    if (error instanceof LoyaltyError) return error.fieldErrors ?? {};
    throw error;
  }
  throw new Error("expected the input to be refused");
}

describe("receiptInput", () => {
  it("normalizes a receipt: 24.50 + 3.2 EUR become 2450 and 320 minor units, lines numbered 1 and 2", () => {
    const normalized = normalizeReceipt(parseInput(receiptInput, receipt));
    expect(normalized.lines.map((l) => [l.lineNo, l.amountMinor, l.discountMinor])).toEqual([
      [1, 2450, 100],
      [2, 320, 0],
    ]);
    expect(normalized.occurredAt.toISOString()).toBe("2026-03-10T13:05:00.000Z");
  });

  it("names the line and field of an amount with three decimals in EUR", () => {
    const fields = fieldsOf(receiptInput, { ...receipt, lines: [{ ...receipt.lines[0], amount: "24.505" }] });
    expect(Object.keys(fields)).toEqual(["lines[0].amount"]);
    expect(fields["lines[0].amount"]?.[0]).toContain("2 decimals");
  });

  it("refuses a total that is not the sum of the lines (27.70)", () => {
    expect(parseInput(receiptInput, { ...receipt, total: "27.70" }).total).toBe("27.70");
    const fields = fieldsOf(receiptInput, { ...receipt, total: "27.69" });
    expect(fields.total?.[0]).toContain("2770");
  });

  it("names every bad field at once: time without an offset, unknown channel, negative quantity, extra field", () => {
    const fields = fieldsOf(receiptInput, {
      ...receipt,
      occurredAt: "2026-03-10T14:05:00",
      channel: "fax",
      lines: [{ ...receipt.lines[0], quantity: -1 }],
      points: 100,
    });
    expect(Object.keys(fields).sort()).toEqual(["(root)", "channel", "lines[0].quantity", "occurredAt"].sort());
  });

  it("needs a store code for a till receipt, not for an online one", () => {
    const { storeCode: _omit, ...withoutStore } = receipt;
    expect(fieldsOf(receiptInput, withoutStore).storeCode).toBeDefined();
    expect(parseInput(receiptInput, { ...withoutStore, channel: "online" }).storeCode).toBeUndefined();
  });

  it("refuses two lines with the same number", () => {
    const fields = fieldsOf(receiptInput, { ...receipt, lines: [{ ...receipt.lines[0], lineNo: 1 }, { ...receipt.lines[1], lineNo: 1 }] });
    expect(fields["lines[1].lineNo"]?.[0]).toContain("twice");
  });
});

describe("other inputs", () => {
  it("a return names its sale and optional lines", () => {
    expect(parseInput(returnInput, { externalId: "R-1-R", originalExternalId: "R-1", occurredAt: "2026-03-12T10:00:00Z" }).lines).toBeUndefined();
    expect(Object.keys(fieldsOf(returnInput, { externalId: "x", originalExternalId: "R-1", occurredAt: "2026-03-12T10:00:00Z", lines: [{ lineNo: 0, quantity: 1 }] }))).toEqual(["lines[0].lineNo"]);
  });

  it("a redemption names exactly one member", () => {
    const rewardId = "9d3f1c56-47a1-4c5e-9a7e-1b2c3d4e5f60";
    expect(fieldsOf(redemptionInput, { rewardId, externalId: "k" }).memberExternalId).toBeDefined();
    expect(fieldsOf(redemptionInput, { rewardId, externalId: "k", memberExternalId: "M", memberId: rewardId }).memberExternalId).toBeDefined();
  });

  it("an adjustment needs a reason and non-zero points", () => {
    const fields = fieldsOf(adjustmentInput, { memberExternalId: "M", points: 0, reason: "" });
    expect(Object.keys(fields).sort()).toEqual(["points", "reason"]);
  });

  it("an earning rule's fields follow its kind: a multiplier needs a factor above 1, no rate", () => {
    const fields = fieldsOf(earningRuleInput, { name: "x", kind: "multiplier", factor: "1", rate: "1" });
    expect(Object.keys(fields).sort()).toEqual(["factor", "rate"]);
    expect(Object.keys(fieldsOf(earningRuleInput, { name: "x", kind: "bonus", points: 10, trigger: "review", conditions: { categories: ["books"] } }))).toEqual(["conditions.categories"]);
    expect(Object.keys(fieldsOf(earningRuleInput, { name: "x", kind: "base_rate", rate: "1", conditions: { timeFrom: "17:00", timeTo: "14:00" } }))).toEqual(["conditions.timeTo"]);
  });
});
