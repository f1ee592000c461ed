import { findStoresByCode } from "@/db/queries/api-members";
import { findSale } from "@/db/queries/loyalty/returns";
import { apiRoute, reply } from "@/lib/api/route";
import { callLedger, ledgerContext } from "@/lib/api/loyalty";
import { requireStore } from "@/lib/api/scope";
import { returnResultSchema } from "@/lib/api/schemas/points";
import { AppError } from "@/lib/errors";
import { recordReturn } from "@/lib/loyalty/returns";
import { returnInput } from "@/lib/loyalty/schemas";

export const POST = apiRoute({
  method: "POST",
  path: "/returns",
  tag: "Points",
  summary: "Record a return and take back its points",
  description:
    "Books a return against the sale it names (`originalExternalId`, sent by this key's source unless `originalSource` says " +
    "otherwise): the `lines` given (line number and units), or everything of the sale not yet returned. It takes back exactly " +
    "the points those lines earned, rule by rule, whatever the rules say today; a partly returned line gives back its share. " +
    "Points already spent are owed (or written off, by program policy). A return is recorded once per (key source, `externalId`). " +
    "The return books to `storeCode`, else to the sale's store, which must be one of the key's stores (403 naming `storeCode`).",
  channels: ["pos", "online", "app"],
  input: { body: returnInput },
  output: returnResultSchema,
  responses: { 200: "This return number was recorded before: the first result, nothing taken again.", 201: "The return was recorded." },
  errors: ["forbidden", "not_found", "conflict"],
  examples: {
    body: { externalId: "RET-2025-000045", originalExternalId: "R-2025-000123", occurredAt: "2025-03-20T10:15:00+01:00", storeCode: "BER-01", lines: [{ lineNo: 2, quantity: 1 }] },
    response: {
      status: "recorded",
      transactionId: 81302,
      originalTransactionId: 81234,
      memberId: "6f1c2a9e-3b7d-4c55-9a51-2f0d3c4b5a61",
      currency: "EUR",
      amountMinor: 1500,
      points: 15,
      lines: [{ lineNo: 2, quantity: 1, amountMinor: 1500, points: 15, shares: [{ kind: "base_rate", ruleId: "0b7e4c1a-9d2f-4e3a-8c5b-1a2b3c4d5e6f", version: 1, points: -15 }] }],
      bonusShares: [],
      debt: 0,
      writtenOff: 0,
      balance: { available: 240, pending: 40 },
    },
  },
  handler: async ({ body, key, db, now }) => {
    // Checked after the ledger found the sale, in the same transaction: a return outside the key's stores rolls back.
    const result = await db.transaction(async (tx) => {
      const outcome = await callLedger(() => recordReturn(tx, body, ledgerContext(key, now)));
      const sale = await findSale(tx, body.originalSource ?? key.source, body.originalExternalId);
      if (!sale) throw new AppError("internal", "the return's sale could not be read back");
      const store = body.storeCode === undefined ? undefined : (await findStoresByCode(tx, { codes: [body.storeCode] })).get(body.storeCode);
      requireStore(key, store?.id ?? sale.storeId, "storeCode");
      return { ...outcome, currency: sale.currency };
    });
    return result.status === "recorded" ? reply(201, result) : result;
  },
});
