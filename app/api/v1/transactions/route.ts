import { apiRoute, reply } from "@/lib/api/route";
import { settleAsync, type Settled } from "@/lib/api/group-commit";
import { answerReceipts, apiLedgerError, callLedger, ledgerContext, requireReceiptScope } from "@/lib/api/loyalty";
import { receiptResultSchema, type ReceiptResult } from "@/lib/api/schemas/points";
import { recordReceipt, recordReceiptGroup, type RecordedReceiptOutcome } from "@/lib/loyalty/receipts";
import { receiptInput } from "@/lib/loyalty/schemas";

export const POST = apiRoute({
  method: "POST",
  path: "/transactions",
  tag: "Points",
  summary: "Record a receipt and credit its points",
  description:
    "Books one receipt with its points, evaluated by the program's earning rules line by line. A receipt is recorded once per " +
    "(key source, `externalId`): sending it again answers the first result with status `replayed` (200) and credits nothing. " +
    "Till (`pos`) receipts need `storeCode`; online and app receipts book to the online store. Unknown members are refused " +
    "(create them with POST /members first); a receipt without `memberExternalId` is recorded and earns nothing. " +
    "A key limited to some stores or channels may only send receipts for them (403 naming `storeCode` or `channel`). " +
    "When the receipt lifts the member to a higher tier, a `tier_changed` webhook is sent.",
  channels: ["pos", "online", "app"],
  input: { body: receiptInput },
  output: receiptResultSchema,
  responses: { 200: "This receipt number was recorded before: the first result, nothing credited again.", 201: "The receipt was recorded." },
  errors: ["forbidden", "not_found", "conflict"],
  examples: {
    body: {
      externalId: "R-2025-000123",
      memberExternalId: "M-100234",
      storeCode: "BER-01",
      channel: "pos",
      occurredAt: "2025-03-14T15:09:26+01:00",
      currency: "EUR",
      total: "42.50",
      lines: [
        { sku: "BK-1984", category: "books", quantity: 1, amount: "12.50" },
        { sku: "TEA-01", category: "tea", quantity: 2, amount: "30.00", discount: "2.00" },
      ],
    },
    response: {
      status: "recorded",
      transactionId: 81234,
      externalId: "R-2025-000123",
      memberId: "6f1c2a9e-3b7d-4c55-9a51-2f0d3c4b5a61",
      points: 55,
      lines: [
        { lineNo: 1, points: 25, shares: [{ kind: "base_rate", ruleId: "0b7e4c1a-9d2f-4e3a-8c5b-1a2b3c4d5e6f", version: 1, points: 12 }, { kind: "multiplier", ruleId: "5d6e7f80-1a2b-4c3d-9e8f-0a1b2c3d4e5f", version: 2, points: 13 }] },
        { lineNo: 2, points: 30, shares: [{ kind: "base_rate", ruleId: "0b7e4c1a-9d2f-4e3a-8c5b-1a2b3c4d5e6f", version: 1, points: 30 }] },
      ],
      bonuses: [],
      lot: { status: "pending", availableAt: "2025-04-13T14:09:26.000Z", expiresAt: "2027-03-14T14:09:26.000Z" },
      tierChange: null,
      balance: { available: 240, pending: 55 },
    },
  },
  handler: async ({ body, key, db, now }) => {
    await requireReceiptScope(db, key, [body], (_, field) => field);
    // The receipt and its tier_changed webhook commit together.
    const [result] = await db.transaction(async (tx) => {
      const outcome = await callLedger(() => recordReceipt(tx, body, ledgerContext(key, now)));
      return answerReceipts(tx, key, now, [{ outcome, memberExternalId: body.memberExternalId ?? null }]);
    });
    return result!.status === "recorded" ? reply(201, result!) : result!;
  },
  // Under load, receipts sent at the same time by one key are recorded together: one transaction, one read of
  // their members and one write (the batch endpoint's path), each answered as if it had been sent alone.
  together: async (requests) => {
    const { key, db: tx } = requests[0]!;
    const now = new Date();
    const answers: Settled<ReceiptResult | ReturnType<typeof reply<ReceiptResult>>>[] = new Array(requests.length);
    const inScope: number[] = [];
    for (const [i, r] of requests.entries()) {
      const checked = await settleAsync(() => requireReceiptScope(tx, key, [r.body], (_, field) => field));
      if (checked.ok) inScope.push(i);
      else answers[i] = checked;
    }
    const outcomes = await recordReceiptGroup(tx, inScope.map((i) => requests[i]!.body), ledgerContext(key, now));
    const recorded: { i: number; outcome: RecordedReceiptOutcome }[] = [];
    outcomes.forEach((outcome, n) => {
      const i = inScope[n]!;
      if (outcome instanceof Error) answers[i] = { ok: false, error: apiLedgerError(outcome) };
      else recorded.push({ i, outcome });
    });
    const results = await answerReceipts(
      tx,
      key,
      now,
      recorded.map(({ i, outcome }) => ({ outcome, memberExternalId: requests[i]!.body.memberExternalId ?? null })),
    );
    recorded.forEach(({ i }, n) => {
      const result = results[n]!;
      answers[i] = { ok: true, value: result.status === "recorded" ? reply(201, result) : result };
    });
    return answers;
  },
});
