import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { getProgramConfig, resolveProgramId } from "@/db/queries/loyalty/config";
import { getMemberBalance, listMemberLots, type MemberBalance, type MemberLot } from "@/db/queries/loyalty/points";
import { selectRows } from "@/db/sql";
import type { Currency } from "@/db/schema/enums";
import type { Scope } from "@/lib/auth/permissions";
import { localMoment } from "./local-time";
import type { TierDefinition } from "./rule-types";
import { tierProgress, windowStart, type TierProgress } from "./tiers";

export interface MemberLoyalty {
  programId: string;
  balance: MemberBalance;
  tier: TierProgress & { basis: "points" | "spend"; currency: Currency; windowMonths: number };
  /** Open lots, soonest expiry first. */
  lots: MemberLot[];
  /** Points expiring within EXPIRING_SOON_DAYS. */
  expiringSoon: number;
}

/** What "expiring soon" means: on the member page, in the API and for the points_expiring webhook. */
export const EXPIRING_SOON_DAYS = 30;

/**
 * The member page's points panel: balance, tier with progress to the next, open lots and their expiry.
 * Null when the caller's scope does not reach the member.
 */
export async function getMemberLoyalty(db: Db, params: { memberId: string; scope: Scope; programId?: string; now?: Date }): Promise<MemberLoyalty | null> {
  const programId = await resolveProgramId(db, params.programId);
  const now = params.now ?? new Date();
  const config = await getProgramConfig(db, programId);
  const balance = await getMemberBalance(db, { programId, memberId: params.memberId, scope: params.scope });
  if (!balance) return null;
  const from = windowStart(localMoment(now, config.timeZone).month, config.tierWindowMonths);
  const [window] = await selectRows<{ amount: number }>(
    db,
    sql`select coalesce(sum(${config.tierBasis === "points" ? sql`points` : sql`spend_minor`}), 0)::float8 as amount
          from tier_progress where program_id = ${programId} and member_id = ${params.memberId} and month >= ${from}::date`,
  );
  const lots = await listMemberLots(db, { programId, memberId: params.memberId, scope: params.scope });
  const soon = now.getTime() + EXPIRING_SOON_DAYS * 86_400_000;
  const tiers: TierDefinition[] = config.tiers;
  return {
    programId,
    balance,
    tier: { ...tierProgress(tiers, balance.tierId, window?.amount ?? 0), basis: config.tierBasis, currency: config.currency, windowMonths: config.tierWindowMonths },
    lots,
    expiringSoon: lots.filter((l) => l.expiresAt && l.expiresAt.getTime() <= soon).reduce((s, l) => s + l.remaining, 0),
  };
}
