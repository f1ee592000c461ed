import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { getProgramConfig, peekProgramConfig, resolveProgramId } from "@/db/queries/loyalty/config";
import { readMemberLedger, writeCredit } from "@/db/queries/loyalty/ledger";
import { lockMembers } from "@/db/queries/loyalty/locks";
import { engagementEvents, pointsLots } from "@/db/schema";
import type { LoyaltyContext } from "./context";
import { capKey, evaluateEventBonus, type Explanation } from "./earning-rules";
import { LoyaltyError } from "./errors";
import { localMoment } from "./local-time";
import { expiresAt } from "./lots";
import { EVENT_BONUS_TRIGGERS, type EventBonusTrigger } from "./rule-types";
import { upgradeTarget, windowStart } from "./tiers";

export interface EventBonusOutcome {
  status: "credited" | "replayed" | "none";
  points: number;
  explanations: Explanation[];
}

/**
 * Awards the bonus rules for an engagement event already stored in engagement_events (a review, a social
 * share, the app sign-up): the API calls it right after storing the event. The points are available at
 * once (nothing to return), count towards tiers, respect the rules' caps, and are credited once per event
 * however often this is called. Other event types earn nothing.
 */
export async function awardEventBonus(db: Db, event: { eventId: number }, ctx: LoyaltyContext): Promise<EventBonusOutcome> {
  const [row] = await db
    .select({ id: engagementEvents.id, memberId: engagementEvents.memberId, type: engagementEvents.type, occurredAt: engagementEvents.occurredAt })
    .from(engagementEvents)
    .where(eq(engagementEvents.id, event.eventId));
  if (!row) throw new LoyaltyError("unknown_event", `no engagement event ${event.eventId}`);
  if (!(EVENT_BONUS_TRIGGERS as readonly string[]).includes(row.type)) return { status: "none", points: 0, explanations: [] };
  const trigger = row.type as EventBonusTrigger;
  const programId = await resolveProgramId(db, ctx.programId);
  const now = ctx.now ?? new Date();
  let config = await peekProgramConfig(db, programId);
  const local = localMoment(row.occurredAt, config.timeZone);

  return db.transaction(async (tx) => {
    await lockMembers(tx, [row.memberId]);
    const [credited] = await tx.select({ points: pointsLots.amount }).from(pointsLots).where(eq(pointsLots.eventId, row.id));
    if (credited) return { status: "replayed", points: credited.points, explanations: [] };
    const window = windowStart(localMoment(now, config.timeZone).month, config.tierWindowMonths);
    const periods = [
      { period: "day", start: local.day },
      { period: "month", start: local.month },
      { period: "year", start: local.year },
    ];
    const member = await readMemberLedger(tx, { programId, member: row.memberId, byExternalId: false, windowStart: window, periods });
    if (!member || member.status === "erased") return { status: "none", points: 0, explanations: [] };
    if (member.revision !== null && member.revision !== config.revision) config = await getProgramConfig(tx, programId, member.revision);
    const usage = new Map(member.usage.map((u) => [capKey(u.ruleId, u.period, u.start), u.points]));
    const earning = evaluateEventBonus(trigger, row.occurredAt, { tierId: member.tierId, birthMonth: member.birthMonth, firstPurchase: false, boosts: [] }, config, usage);
    if (earning.points <= 0) return { status: "none", points: 0, explanations: earning.explanations };

    const counts = config.tierBasis === "points" && local.month >= window;
    const amount = member.windowPoints + earning.points;
    const target = counts ? upgradeTarget(config.tiers, member.tierId, amount) : null;
    const settle = Math.min(member.debt, earning.points);
    await writeCredit(tx, {
      programId,
      memberId: member.memberId,
      actor: ctx.actor,
      now,
      lot: { origin: "event", amount: earning.points, status: "available", availableAt: row.occurredAt, expiresAt: expiresAt(row.occurredAt, config), eventId: row.id },
      entry: { kind: "earn", redemptionId: null, reason: null, rules: earning.shares },
      settle,
      balance: { available: earning.points, pending: 0, debt: -settle, earned: earning.points, redeemed: 0 },
      progress: { month: local.month, points: earning.points },
      usage: earning.capDeltas.map((d) => ({ rule_id: d.ruleId, period: d.period, start: d.periodStart, points: d.points })),
      tierChange: target ? { fromTierId: member.tierId, toTierId: target.id, amount } : null,
    });
    return { status: "credited", points: earning.points, explanations: earning.explanations };
  });
}
