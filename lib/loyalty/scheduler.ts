import "server-only";
import type { Db } from "@/db/client";
import { getProgramConfig } from "@/db/queries/loyalty/config";
import { lockMembers } from "@/db/queries/loyalty/locks";
import {
  expireMembersLots,
  listProgramIds,
  localMonthStart,
  markTiersReviewed,
  membersWithDueLots,
  readTierReviewPage,
  releaseMembersLots,
  settleDebt,
  writeTierChanges,
} from "@/db/queries/loyalty/scheduler";
import { addMonths, localMoment } from "./local-time";
import { reviewTarget, tierRank } from "./tiers";
import { enqueueTierChanges } from "./webhooks";

/**
 * The ledger's scheduled work (see docs/loyalty.md for cadence): expiry, pending points becoming
 * available, and the tier review. Each works through members in chunks, one transaction per chunk under
 * the chunk's member locks, so it never blocks receipts for long and can be stopped and rerun at any time
 * (each is idempotent: it only acts on what is due).
 */

/** Members per transaction: at most 500 keeps loyalty_lock_members on per-member locks. */
const CHUNK = 500;

export interface JobResult {
  members: number;
  lots: number;
  points: number;
}

/** Runs `work` on the members with lots due, a chunk per transaction under the chunk's locks, until none is left. */
async function forMembersWithDueLots(
  db: Db,
  kind: "expire" | "release",
  now: Date,
  programId: string | undefined,
  work: (tx: Db, memberIds: string[]) => Promise<{ lots: number; points: number }>,
): Promise<JobResult> {
  const total: JobResult = { members: 0, lots: 0, points: 0 };
  for (;;) {
    const memberIds = await membersWithDueLots(db, { kind, now, programId, limit: CHUNK });
    if (memberIds.length === 0) return total;
    const done = await db.transaction(async (tx) => {
      await lockMembers(tx, memberIds);
      return work(tx, memberIds);
    });
    total.members += memberIds.length;
    total.lots += done.lots;
    total.points += done.points;
  }
}

/** Expires every lot past its expiry (all programs, or one). Run daily. */
export function expirePoints(db: Db, now: Date, options: { programId?: string } = {}): Promise<JobResult> {
  return forMembersWithDueLots(db, "expire", now, options.programId, (tx, memberIds) => expireMembersLots(tx, { memberIds, now, programId: options.programId }));
}

/** Makes pending points available once their return window has closed, paying points owed first. Run hourly. */
export function releasePendingPoints(db: Db, now: Date, options: { programId?: string } = {}): Promise<JobResult> {
  return forMembersWithDueLots(db, "release", now, options.programId, async (tx, memberIds) => {
    const released = await releaseMembersLots(tx, { memberIds, now, programId: options.programId });
    for (const owing of released.indebted) await settleDebt(tx, { ...owing, now });
    return released;
  });
}

export interface TierReviewResult {
  programId: string;
  /** The period boundary reviewed; null when the current period was reviewed already or the program has no tiers. */
  boundary: Date | null;
  members: number;
  upgraded: number;
  downgraded: number;
}

/**
 * At the start of each review period (every tierReviewMonths months, aligned to the calendar year in the
 * program's zone) moves members to the tier their qualifying amount over the tierWindowMonths before the
 * boundary earns, downgrading by the program's policy. Run daily: it acts once per period.
 */
export async function reviewTiers(db: Db, now: Date, options: { programId?: string } = {}): Promise<TierReviewResult[]> {
  const programIds = options.programId ? [options.programId] : await listProgramIds(db);
  const results: TierReviewResult[] = [];
  for (const programId of programIds) results.push(await reviewProgramTiers(db, programId, now));
  return results;
}

async function reviewProgramTiers(db: Db, programId: string, now: Date): Promise<TierReviewResult> {
  const config = await getProgramConfig(db, programId);
  const result: TierReviewResult = { programId, boundary: null, members: 0, upgraded: 0, downgraded: 0 };
  if (config.tiers.length === 0) return result;
  const month = localMoment(now, config.timeZone).month;
  const monthIndex = Number(month.slice(5, 7)) - 1;
  const boundaryMonth = addMonths(month, -(monthIndex % config.tierReviewMonths));
  const boundary = await localMonthStart(db, boundaryMonth, config.timeZone);
  if (config.tiersReviewedAt && config.tiersReviewedAt >= boundary) return result;
  const fromMonth = addMonths(boundaryMonth, -config.tierWindowMonths);

  let after: string | null = null;
  for (;;) {
    const page = await readTierReviewPage(db, { programId, basis: config.tierBasis, fromMonth, toMonth: boundaryMonth, after, limit: CHUNK });
    if (page.length === 0) break;
    after = page[page.length - 1]?.memberId ?? null;
    await db.transaction(async (tx) => {
      await lockMembers(tx, page.map((r) => r.memberId));
      // Re-read under the locks: a purchase since the page was read may have upgraded someone.
      const fresh = await readTierReviewPage(tx, { programId, basis: config.tierBasis, fromMonth, toMonth: boundaryMonth, memberIds: page.map((r) => r.memberId) });
      const changes = fresh.flatMap((r) => {
        const target = reviewTarget(config.tiers, r.tierId, r.amount, config.tierDowngradePolicy);
        const targetId = target?.id ?? null;
        if (targetId === r.tierId) return [];
        const up = tierRank(config.tiers, targetId) > tierRank(config.tiers, r.tierId);
        // A member who reached their tier in the new period earned it on purchases after the window.
        if (!up && r.tierSince && r.tierSince >= boundary && tierRank(config.tiers, r.tierId) >= 0) return [];
        if (up) result.upgraded++;
        else result.downgraded++;
        return [{ member_id: r.memberId, from_tier_id: r.tierId, to_tier_id: targetId, amount: r.amount }];
      });
      await writeTierChanges(tx, { programId, now, changes });
      await enqueueTierChanges(tx, config, changes.map((c) => ({ memberId: c.member_id, fromTierId: c.from_tier_id, toTierId: c.to_tier_id })), now);
    });
    result.members += page.length;
  }
  await markTiersReviewed(db, programId, boundary);
  result.boundary = boundary;
  return result;
}
