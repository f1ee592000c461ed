import "server-only";
import type { Db } from "@/db/client";
import type { ProgramConfig } from "@/db/queries/loyalty/config";
import { claimExpiryNotices, memberExternalIds } from "@/db/queries/loyalty/scheduler";
import { enqueueWebhook } from "@/lib/api/webhooks/enqueue";
import { EXPIRING_SOON_DAYS } from "./member-loyalty";
import type { RedemptionOutcome } from "./redemption";
import { tierRank } from "./tiers";

/**
 * The ledger's webhooks (docs/api.md, Webhooks): each is queued with the transaction that makes the change,
 * so it is sent if and only if the change committed.
 */

export interface TierChangeNotice {
  memberId: string;
  /** Looked up when not given. */
  memberExternalId?: string | null;
  fromTierId: string | null;
  toTierId: string | null;
}

export interface TierChangeView {
  from: { id: string; name: string } | null;
  to: { id: string; name: string } | null;
  direction: "up" | "down";
}

/** A tier change with the tiers' names and its direction, as the API and webhooks show it. */
export function describeTierChange(config: Pick<ProgramConfig, "tiers">, change: Pick<TierChangeNotice, "fromTierId" | "toTierId">): TierChangeView {
  const ref = (id: string | null) => {
    if (id === null) return null;
    return { id, name: config.tiers.find((t) => t.id === id)?.name ?? id };
  };
  const up = tierRank(config.tiers, change.toTierId) > tierRank(config.tiers, change.fromTierId);
  return { from: ref(change.fromTierId), to: ref(change.toTierId), direction: up ? "up" : "down" };
}

/** Queues `tier_changed` for each change (receipts' upgrades, the tier review's moves). */
export async function enqueueTierChanges(tx: Db, config: Pick<ProgramConfig, "tiers">, changes: readonly TierChangeNotice[], now: Date): Promise<void> {
  if (changes.length === 0) return;
  const missing = changes.filter((c) => c.memberExternalId === undefined).map((c) => c.memberId);
  const externalIds = await memberExternalIds(tx, missing);
  for (const change of changes) {
    const view = describeTierChange(config, change);
    await enqueueWebhook(
      tx,
      "tier_changed",
      {
        memberId: change.memberId,
        memberExternalId: change.memberExternalId === undefined ? (externalIds.get(change.memberId) ?? null) : change.memberExternalId,
        fromTier: view.from?.name ?? null,
        toTier: view.to?.name ?? null,
        direction: view.direction,
        changedAt: now.toISOString(),
      },
      { now },
    );
  }
}

/** Queues `reward_redeemed` for a redemption just issued (not for a replay of it). */
export async function enqueueRewardRedeemed(tx: Db, redemption: RedemptionOutcome, now: Date): Promise<void> {
  const externalIds = await memberExternalIds(tx, [redemption.memberId]);
  await enqueueWebhook(
    tx,
    "reward_redeemed",
    {
      memberId: redemption.memberId,
      memberExternalId: externalIds.get(redemption.memberId) ?? null,
      redemptionId: redemption.redemptionId,
      rewardId: redemption.rewardId,
      points: redemption.points,
      code: redemption.code,
      redeemedAt: now.toISOString(),
    },
    { now },
  );
}

const CHUNK = 500;

/**
 * Queues `points_expiring` once per lot whose points expire within EXPIRING_SOON_DAYS (all programs, or
 * one): a lot is claimed in points_expiry_notices in the same transaction as its webhook, so reruns, missed
 * days and concurrent processes announce each lot exactly once. Erased members' lots are claimed silently.
 * Run daily.
 */
export async function notifyPointsExpiringSoon(db: Db, now: Date, options: { programId?: string; withinDays?: number } = {}): Promise<{ lots: number; notices: number }> {
  const until = new Date(now.getTime() + (options.withinDays ?? EXPIRING_SOON_DAYS) * 86_400_000);
  const total = { lots: 0, notices: 0 };
  for (;;) {
    const claimed = await db.transaction(async (tx) => {
      const lots = await claimExpiryNotices(tx, { now, until, programId: options.programId, limit: CHUNK });
      for (const lot of lots) {
        if (lot.erased) continue;
        await enqueueWebhook(tx, "points_expiring", { memberId: lot.memberId, memberExternalId: lot.memberExternalId, points: lot.points, expiresAt: lot.expiresAt.toISOString(), lotId: lot.lotId }, { now });
        total.notices++;
      }
      return lots.length;
    });
    total.lots += claimed;
    if (claimed < CHUNK) return total;
  }
}
