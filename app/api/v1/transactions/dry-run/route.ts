import { apiRoute } from "@/lib/api/route";
import { callLedger, ledgerContext, requireReceiptScope } from "@/lib/api/loyalty";
import { dryRunResultSchema } from "@/lib/api/schemas/points";
import { dryRun } from "@/lib/loyalty/dry-run";
import { dryRunInput } from "@/lib/loyalty/schemas";

export const POST = apiRoute({
  method: "POST",
  path: "/transactions/dry-run",
  tag: "Points",
  summary: "What a basket would earn, explained rule by rule",
  description:
    "Evaluates a receipt (its `externalId` is optional) for the member as recording it would, without writing anything: " +
    "per line, every earning rule with its points, or why it did not apply (`reason`) and an English sentence (`text`). " +
    "Recording the same receipt right after earns the same points, unless the member's state changes in between. " +
    "Nothing is written, so an Idempotency-Key is not needed.",
  channels: ["pos", "online", "app"],
  input: { body: dryRunInput },
  output: dryRunResultSchema,
  errors: ["forbidden", "not_found"],
  examples: {
    body: { memberExternalId: "M-100234", storeCode: "BER-01", channel: "pos", occurredAt: "2025-03-14T15:09:26+01:00", currency: "EUR", lines: [{ sku: "BK-1984", category: "books", quantity: 1, amount: "12.50" }] },
    response: {
      memberId: "6f1c2a9e-3b7d-4c55-9a51-2f0d3c4b5a61",
      tierId: null,
      storeId: "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d",
      currency: "EUR",
      points: 12,
      lines: [
        {
          lineNo: 1,
          amountMinor: 1250,
          points: 12,
          shares: [{ kind: "base_rate", ruleId: "0b7e4c1a-9d2f-4e3a-8c5b-1a2b3c4d5e6f", version: 1, points: 12 }],
          explanations: [
            { kind: "base_rate", ruleId: "0b7e4c1a-9d2f-4e3a-8c5b-1a2b3c4d5e6f", version: 1, name: "1 point per euro", rate: "1", points: 12, applied: true, text: "1 point per euro v1: 1 points per EUR on 12.50 EUR = 12 points" },
            { kind: "multiplier", ruleId: "5d6e7f80-1a2b-4c3d-9e8f-0a1b2c3d4e5f", version: 2, name: "Double points on Books on weekday afternoons", points: 0, applied: false, reason: "weekday", text: "Double points on Books on weekday afternoons v2: not applied (the purchase is on another weekday)" },
          ],
        },
      ],
      bonuses: { points: 0, explanations: [] },
    },
  },
  handler: async ({ body, key, db, now }) => {
    await requireReceiptScope(db, key, [body], (_, field) => field);
    const result = await callLedger(() => dryRun(db, body, ledgerContext(key, now)));
    return { ...result, currency: body.currency };
  },
});
