import { apiRoute } from "@/lib/api/route";
import { answerReceipts, apiFieldErrors, callLedger, ledgerContext, requireReceiptScope, stringField } from "@/lib/api/loyalty";
import { receiptBatchResultSchema, receiptBatchSchema } from "@/lib/api/schemas/points";
import { recordReceipts, type RecordedReceiptOutcome, type RejectedReceiptOutcome } from "@/lib/loyalty/receipts";

/** A refused receipt, its fields named from the body: `receipts.3.lines.0.amount`. */
function rejected(outcome: RejectedReceiptOutcome) {
  const fieldErrors = apiFieldErrors(outcome.fieldErrors, "receipts");
  const message = fieldErrors
    ? Object.entries(fieldErrors)
        .map(([field, messages]) => `${field}: ${messages.join("; ")}`)
        .join("; ")
    : `receipts.${outcome.index}: ${outcome.message.replace(/^\[\d+\]\.?/, "")}`;
  return { index: outcome.index, status: "rejected" as const, externalId: outcome.externalId, reason: outcome.reason, message, fieldErrors };
}

export const POST = apiRoute({
  method: "POST",
  path: "/transactions/batch",
  tag: "Points",
  summary: "Record up to 1,000 receipts",
  description:
    "Each receipt is handled as by POST /transactions, in one database transaction: good receipts are recorded, receipts " +
    "sent before answer `replayed`, and bad ones come back `rejected` with their reason and fields named from the body " +
    "(`receipts.3.lines.0.amount`), while the rest are recorded. The answer is 200 whenever the batch itself was readable: " +
    "check `rejected` (and each result's `status`), fix those receipts and send them again. Only a receipt outside the key's " +
    "stores or channels refuses the whole batch (403 naming `receipts.<i>.storeCode` or `receipts.<i>.channel`).",
  channels: ["pos", "online", "app"],
  input: { body: receiptBatchSchema },
  output: receiptBatchResultSchema,
  responses: { 200: "Every receipt has a result: recorded, replayed or rejected." },
  errors: ["forbidden"],
  examples: {
    body: {
      receipts: [
        { externalId: "R-2025-000124", memberExternalId: "M-100234", storeCode: "BER-01", channel: "pos", occurredAt: "2025-03-14T16:00:00+01:00", currency: "EUR", lines: [{ sku: "TEA-01", category: "tea", quantity: 1, amount: "15.00" }] },
        { externalId: "R-2025-000125", storeCode: "BER-01", channel: "pos", occurredAt: "2025-03-14T16:05:00+01:00", currency: "EUR", lines: [{ sku: "TEA-01", category: "tea", quantity: 1, amount: "-3" }] },
      ],
    },
    response: {
      received: 2,
      recorded: 1,
      replayed: 0,
      rejected: 1,
      results: [
        { index: 0, status: "recorded", transactionId: 81235, externalId: "R-2025-000124", memberId: "6f1c2a9e-3b7d-4c55-9a51-2f0d3c4b5a61", points: 15, lines: [{ lineNo: 1, points: 15, shares: [{ kind: "base_rate", ruleId: "0b7e4c1a-9d2f-4e3a-8c5b-1a2b3c4d5e6f", version: 1, points: 15 }] }], bonuses: [], lot: { status: "pending", availableAt: "2025-04-13T15:00:00.000Z", expiresAt: "2027-03-14T15:00:00.000Z" }, tierChange: null, balance: { available: 240, pending: 70 } },
        { index: 1, status: "rejected", externalId: "R-2025-000125", reason: "invalid_input", message: "receipts.1.lines.0.amount: must not be negative (book returns as returns)", fieldErrors: { "receipts.1.lines.0.amount": ["must not be negative (book returns as returns)"] } },
      ],
    },
  },
  handler: async ({ body, key, db, now }) => {
    await requireReceiptScope(db, key, body.receipts, (i, field) => `receipts.${i}.${field}`);
    // The receipts and their tier_changed webhooks commit together.
    const results = await db.transaction(async (tx) => {
      const outcomes = await callLedger(() => recordReceipts(tx, body.receipts, ledgerContext(key, now)));
      const recorded = outcomes.filter((o): o is RecordedReceiptOutcome => o.status !== "rejected");
      const answered = await answerReceipts(
        tx,
        key,
        now,
        recorded.map((outcome) => ({ outcome, memberExternalId: stringField(body.receipts[outcome.index], "memberExternalId") ?? null })),
      );
      const byIndex = new Map(recorded.map((o, i) => [o.index, { index: o.index, ...answered[i]! }]));
      return outcomes.map((o) => (o.status === "rejected" ? rejected(o) : byIndex.get(o.index)!));
    });
    const count = (status: string) => results.filter((r) => r.status === status).length;
    return { received: body.receipts.length, recorded: count("recorded"), replayed: count("replayed"), rejected: count("rejected"), results };
  },
});

