import { memberIdsByExternalId } from "@/db/queries/api-members";
import { listLedgerEntries } from "@/db/queries/loyalty/points";
import { apiRoute } from "@/lib/api/route";
import { memberPointsParamsSchema, memberPointsQuerySchema, memberPointsSchema } from "@/lib/api/schemas/points";
import { AppError } from "@/lib/errors";
import { EXPIRING_SOON_DAYS, getMemberLoyalty } from "@/lib/loyalty/member-loyalty";

const ALL_STORES = { kind: "all" } as const;
const tier = (t: { id: string; name: string; rank: number; threshold: number } | null) => (t ? { id: t.id, name: t.name, rank: t.rank, threshold: t.threshold } : null);

export const GET = apiRoute({
  method: "GET",
  path: "/members/{externalId}/points",
  tag: "Points",
  summary: "A member's points: balance, lots, tier and recent ledger entries",
  description:
    "What a till or the app shows a member: points available and pending, points owed, lots with their expiry, the tier with " +
    "progress to the next, and the latest ledger entries. As for GET /members/{externalId}, any key may read any member " +
    "(members shop beyond their home store). Unknown and erased members: 404.",
  input: { params: memberPointsParamsSchema, query: memberPointsQuerySchema },
  output: memberPointsSchema,
  errors: ["not_found"],
  examples: {
    response: {
      memberId: "6f1c2a9e-3b7d-4c55-9a51-2f0d3c4b5a61",
      externalId: "M-100234",
      balance: { available: 240, pending: 55, debt: 0, lifetimeEarned: 410, lifetimeRedeemed: 115 },
      expiringSoon: { points: 20, withinDays: 30 },
      tier: {
        current: { id: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", name: "Silver", rank: 1, threshold: 300 },
        next: { id: "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e", name: "Gold", rank: 2, threshold: 1000 },
        basis: "points",
        amount: 410,
        toGo: 590,
        currency: "EUR",
        windowMonths: 12,
      },
      lots: [{ id: 5120, origin: "purchase", amount: 60, remaining: 20, status: "available", availableAt: "2025-02-14T10:00:00.000Z", expiresAt: "2025-04-01T00:00:00.000Z" }],
      entries: [{ id: 99120, kind: "earn", points: 25, transactionId: 81234, lineNo: 1, redemptionId: null, reason: null, createdAt: "2025-03-14T14:09:27.000Z" }],
    },
  },
  handler: async ({ params, query, key, db, now }) => {
    const memberId = (await memberIdsByExternalId(db, { externalIds: [params.externalId] })).get(params.externalId);
    const loyalty = memberId ? await getMemberLoyalty(db, { memberId, scope: ALL_STORES, programId: key.programId ?? undefined, now }) : null;
    if (!memberId || !loyalty) throw new AppError("not_found", "No member with this external id.");
    const entries = query.entries === 0 ? [] : await listLedgerEntries(db, { programId: loyalty.programId, memberId, scope: ALL_STORES, limit: query.entries });
    return {
      memberId,
      externalId: params.externalId,
      balance: loyalty.balance,
      expiringSoon: { points: loyalty.expiringSoon, withinDays: EXPIRING_SOON_DAYS },
      tier: {
        current: tier(loyalty.tier.current),
        next: tier(loyalty.tier.next),
        basis: loyalty.tier.basis,
        amount: loyalty.tier.amount,
        toGo: loyalty.tier.toGo,
        currency: loyalty.tier.currency,
        windowMonths: loyalty.tier.windowMonths,
      },
      lots: loyalty.lots.map((l) => ({ id: l.id, origin: l.origin, amount: l.amount, remaining: l.remaining, status: l.status, availableAt: l.availableAt.toISOString(), expiresAt: l.expiresAt?.toISOString() ?? null })),
      entries: entries.map((e) => ({ id: e.id, kind: e.kind, points: e.points, transactionId: e.transactionId, lineNo: e.lineNo, redemptionId: e.redemptionId, reason: e.reason, createdAt: e.createdAt.toISOString() })),
    };
  },
});
