import { z } from "zod";
import { currency, salesChannel, type Currency } from "@/db/schema/enums";
import { decimalToMinor } from "./money";

/**
 * The public contract of the ledger: what the REST API (single receipt, batch, return, redemption,
 * adjustment, dry run) and the CSV import accept. Money is a decimal in currency units ("12.50" or 12.5),
 * converted exactly to integer minor units; more decimals than the currency has is an error. Every message
 * names its field (see errors.ts fieldPath).
 */

const AMOUNT_HELP = "a decimal in currency units such as \"12.50\" or 12.5";
const amount = z.union([z.string(), z.number()], { error: `must be ${AMOUNT_HELP}` });
const identifier = (what: string) => z.string({ error: `must be ${what}` }).trim().min(1, { error: `must not be empty` }).max(200, { error: "must be at most 200 characters" });
const occurredAt = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time with a time zone offset, e.g. 2026-03-10T14:05:00+01:00" });

export const receiptLineInput = z.strictObject({
  /** Defaults to the line's position (1, 2, ...). */
  lineNo: z.int({ error: "must be a whole number" }).positive({ error: "must be 1 or more" }).optional().meta({ description: "Defaults to the line's position (1, 2, ...); returns name lines by it." }),
  sku: identifier("the product's SKU"),
  /** The category code (as in the catalogue, e.g. "books"). */
  category: identifier("the category code").meta({ description: "The category code, as in the catalogue (e.g. books)." }),
  quantity: z.int({ error: "must be a whole number" }).positive({ error: "must be 1 or more" }).max(1_000_000, { error: "is too large" }),
  /** Paid for the line after its discount. */
  amount: amount.meta({ description: `Paid for the line after its discount: ${AMOUNT_HELP}.` }),
  /** The discount given on the line (informational). */
  discount: amount.optional().meta({ description: "The discount given on the line (informational)." }),
});

const receiptFields = {
  /** The receipt's number in the sender's system; with the caller's source it makes the receipt unique. */
  externalId: identifier("the receipt's number in the sender's system").meta({ description: "The receipt's number in your system: recorded once per source and number." }),
  /** Omitted: an anonymous receipt, recorded but earning nothing. */
  memberExternalId: identifier("the member's number").optional().meta({ description: "The member's number; omitted: an anonymous receipt, recorded but earning nothing." }),
  /** Required for till (pos) receipts; online and app receipts default to the program's online store. */
  storeCode: identifier("a store code").optional().meta({ description: "Required for till (pos) receipts; online and app receipts default to the online store." }),
  channel: z.enum(salesChannel.enumValues, { error: `must be one of ${salesChannel.enumValues.join(", ")}` }),
  occurredAt,
  currency: z.enum(currency.enumValues, { error: `must be one of ${currency.enumValues.join(", ")}` }),
  /** When given, must equal the sum of the lines' amounts. */
  total: amount.optional().meta({ description: "When given, must equal the sum of the lines' amounts." }),
  lines: z.array(receiptLineInput, { error: "must be a list of lines" }).min(1, { error: "must hold at least one line" }).max(500, { error: "must hold at most 500 lines" }),
};

type ReceiptShape = z.infer<z.ZodObject<typeof receiptFields>>;

/** Amount conversions and cross-field checks; messages name the field. */
function checkReceipt(receipt: Omit<ReceiptShape, "externalId">, ctx: z.RefinementCtx): void {
  const seen = new Set<number>();
  let sum = 0;
  receipt.lines.forEach((line, i) => {
    const parsed = decimalToMinor(line.amount, receipt.currency);
    if (!parsed.ok) ctx.addIssue({ code: "custom", path: ["lines", i, "amount"], message: parsed.message });
    else if (parsed.minor < 0) ctx.addIssue({ code: "custom", path: ["lines", i, "amount"], message: "must not be negative (book returns as returns)" });
    else sum += parsed.minor;
    if (line.discount !== undefined) {
      const discount = decimalToMinor(line.discount, receipt.currency);
      if (!discount.ok) ctx.addIssue({ code: "custom", path: ["lines", i, "discount"], message: discount.message });
      else if (discount.minor < 0) ctx.addIssue({ code: "custom", path: ["lines", i, "discount"], message: "must not be negative" });
    }
    const lineNo = line.lineNo ?? i + 1;
    if (seen.has(lineNo)) ctx.addIssue({ code: "custom", path: ["lines", i, "lineNo"], message: `line number ${lineNo} appears twice` });
    seen.add(lineNo);
  });
  if (receipt.total !== undefined) {
    const total = decimalToMinor(receipt.total, receipt.currency);
    if (!total.ok) ctx.addIssue({ code: "custom", path: ["total"], message: total.message });
    else if (total.minor !== sum) ctx.addIssue({ code: "custom", path: ["total"], message: `is ${receipt.total} but the lines add up to ${sum} minor units` });
  }
  if (receipt.channel === "pos" && receipt.storeCode === undefined) ctx.addIssue({ code: "custom", path: ["storeCode"], message: "is required for till (pos) receipts" });
}

export const receiptInput = z.strictObject(receiptFields).superRefine(checkReceipt);
export type ReceiptInput = z.input<typeof receiptInput>;

/** "What would this basket earn": a receipt without its number. */
export const dryRunInput = z.strictObject({ ...receiptFields, externalId: receiptFields.externalId.optional() }).superRefine(checkReceipt);
export type DryRunInput = z.input<typeof dryRunInput>;

export const batchInput = z.array(z.unknown(), { error: "must be a list of receipts" }).min(1, { error: "must hold at least one receipt" }).max(1000, { error: "must hold at most 1,000 receipts" });

export const returnInput = z.strictObject({
  externalId: identifier("the return's number in the sender's system"),
  /** The sale's externalId. */
  originalExternalId: identifier("the sale's receipt number").meta({ description: "The sale's externalId." }),
  /** The sale's source, when it came through another channel; defaults to the caller's source. */
  originalSource: identifier("a source").optional().meta({ description: "The source the sale came from, when another key sent it; defaults to this key's source." }),
  occurredAt,
  /** Defaults to the sale's store. */
  storeCode: identifier("a store code").optional().meta({ description: "Where the goods came back; defaults to the sale's store." }),
  /** Omitted: everything of the sale not yet returned. */
  lines: z
    .array(
      z.strictObject({
        lineNo: z.int({ error: "must be a whole number" }).positive({ error: "must be 1 or more" }),
        quantity: z.int({ error: "must be a whole number" }).positive({ error: "must be 1 or more" }),
      }),
      { error: "must be a list of lines" },
    )
    .min(1, { error: "must hold at least one line" })
    .max(500)
    .optional()
    .meta({ description: "The sale's lines and units returned; omitted: everything of the sale not yet returned." }),
});
export type ReturnInput = z.input<typeof returnInput>;

/** A member is named by the brand's member number or by Loyalist's id, exactly one of them. */
const memberRef = {
  memberExternalId: identifier("the member's number").optional(),
  memberId: z.uuid({ error: "must be a member id (UUID)" }).optional(),
};
function oneMember(value: { memberExternalId?: string; memberId?: string }, ctx: z.RefinementCtx): void {
  if ((value.memberExternalId === undefined) === (value.memberId === undefined)) {
    ctx.addIssue({ code: "custom", path: ["memberExternalId"], message: "give exactly one of memberExternalId and memberId" });
  }
}

export const redemptionInput = z
  .strictObject({
    ...memberRef,
    rewardId: z.uuid({ error: "must be a reward id (UUID)" }),
    /** The caller's idempotency key: redeeming again with it returns the first redemption. */
    externalId: identifier("an idempotency key").meta({ description: "Your id of this redemption: redeeming again with it returns the first redemption." }),
  })
  .superRefine(oneMember);
export type RedemptionInput = z.input<typeof redemptionInput>;

export const redeemCodeInput = z.strictObject({ code: identifier("a voucher code") });
export type RedeemCodeInput = z.input<typeof redeemCodeInput>;

export const adjustmentInput = z
  .strictObject({
    ...memberRef,
    points: z
      .int({ error: "must be a whole number of points" })
      .min(-10_000_000, { error: "is too large" })
      .max(10_000_000, { error: "is too large" })
      .refine((p) => p !== 0, { error: "must not be zero" }),
    reason: z.string({ error: "is required" }).trim().min(3, { error: "is required (at least 3 characters)" }).max(500),
  })
  .superRefine(oneMember);
export type AdjustmentInput = z.input<typeof adjustmentInput>;

/** A receipt after validation: amounts in minor units, line numbers filled in. */
export interface NormalizedReceipt {
  externalId: string;
  memberExternalId: string | null;
  storeCode: string | null;
  channel: (typeof salesChannel.enumValues)[number];
  occurredAt: Date;
  currency: Currency;
  lines: { lineNo: number; sku: string; category: string; quantity: number; amountMinor: number; discountMinor: number }[];
}

function minorOf(value: string | number, currencyCode: Currency): number {
  const parsed = decimalToMinor(value, currencyCode);
  if (!parsed.ok) throw new Error(`unvalidated amount ${String(value)}`);
  return parsed.minor;
}

/** Converts a parsed receipt (receiptInput or dryRunInput output) into minor units. */
export function normalizeReceipt(receipt: z.output<typeof dryRunInput>): NormalizedReceipt {
  return {
    externalId: receipt.externalId ?? "",
    memberExternalId: receipt.memberExternalId ?? null,
    storeCode: receipt.storeCode ?? null,
    channel: receipt.channel,
    occurredAt: new Date(receipt.occurredAt),
    currency: receipt.currency,
    lines: receipt.lines.map((line, i) => ({
      lineNo: line.lineNo ?? i + 1,
      sku: line.sku,
      category: line.category,
      quantity: line.quantity,
      amountMinor: minorOf(line.amount, receipt.currency),
      discountMinor: line.discount === undefined ? 0 : minorOf(line.discount, receipt.currency),
    })),
  };
}
