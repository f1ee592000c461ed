import "server-only";
import { sql } from "drizzle-orm";
import type { Scope } from "@/lib/auth/permissions";
import type { Db } from "../../client";
import { selectRows } from "../../sql";
import { isUuid, storeCondition } from "../scope";

export interface MemberBalance {
  available: number;
  pending: number;
  debt: number;
  lifetimeEarned: number;
  lifetimeRedeemed: number;
  tierId: string | null;
  tierSince: Date | null;
}

export interface MemberLot {
  id: number;
  origin: "purchase" | "event" | "adjustment" | "refund";
  amount: number;
  remaining: number;
  status: "pending" | "available";
  availableAt: Date;
  expiresAt: Date | null;
  createdAt: Date;
  transactionId: number | null;
}

export interface LedgerEntryView {
  id: number;
  kind: "earn" | "redeem" | "expire" | "adjust" | "reverse";
  points: number;
  transactionId: number | null;
  lineNo: number | null;
  redemptionId: string | null;
  eventId: number | null;
  reason: string | null;
  rules: unknown;
  createdAt: Date;
}

/** Whether the caller's scope reaches the member (store managers: members of their stores). */
async function memberInScope(db: Db, memberId: string, scope: Scope): Promise<boolean> {
  if (!isUuid(memberId)) return false;
  const [row] = await selectRows<{ ok: boolean }>(db, sql`select exists (select 1 from members m where m.id = ${memberId} and ${storeCondition(sql`m.home_store_id`, scope)}) as ok`);
  return row?.ok === true;
}

const ms = (column: string) => sql.raw(`(extract(epoch from ${column}) * 1000)::float8`);

/** The member's cached balance and tier in a program; null when out of scope or never credited. */
export async function getMemberBalance(db: Db, params: { programId: string; memberId: string; scope: Scope }): Promise<MemberBalance | null> {
  if (!(await memberInScope(db, params.memberId, params.scope))) return null;
  const [row] = await selectRows<{ available: number; pending: number; debt: number; earned: number; redeemed: number; tier_id: string | null; tier_since_ms: number | null }>(
    db,
    sql`select available::float8 as available, pending::float8 as pending, debt::float8 as debt, lifetime_earned::float8 as earned,
               lifetime_redeemed::float8 as redeemed, tier_id, ${ms("tier_since")} as tier_since_ms
          from member_points where program_id = ${params.programId} and member_id = ${params.memberId}`,
  );
  if (!row) return { available: 0, pending: 0, debt: 0, lifetimeEarned: 0, lifetimeRedeemed: 0, tierId: null, tierSince: null };
  return {
    available: row.available,
    pending: row.pending,
    debt: row.debt,
    lifetimeEarned: row.earned,
    lifetimeRedeemed: row.redeemed,
    tierId: row.tier_id,
    tierSince: row.tier_since_ms === null ? null : new Date(row.tier_since_ms),
  };
}

/** The member's lots: open ones (points left) by expiry, or all of them (`all`), newest first. */
export async function listMemberLots(db: Db, params: { programId: string; memberId: string; scope: Scope; all?: boolean; limit?: number }): Promise<MemberLot[]> {
  if (!(await memberInScope(db, params.memberId, params.scope))) return [];
  const rows = await selectRows<{ id: number; origin: MemberLot["origin"]; amount: number; remaining: number; status: MemberLot["status"]; available_ms: number; expires_ms: number | null; created_ms: number; transaction_id: number | null }>(
    db,
    sql`select id::float8 as id, origin, amount, remaining, status, ${ms("available_at")} as available_ms, ${ms("expires_at")} as expires_ms,
               ${ms("created_at")} as created_ms, transaction_id::float8 as transaction_id
          from points_lots where program_id = ${params.programId} and member_id = ${params.memberId} ${params.all ? sql`` : sql`and remaining > 0`}
         order by ${params.all ? sql`id desc` : sql`expires_at nulls last, id`} limit ${params.limit ?? 200}`,
  );
  return rows.map((r) => ({
    id: r.id,
    origin: r.origin,
    amount: r.amount,
    remaining: r.remaining,
    status: r.status,
    availableAt: new Date(r.available_ms),
    expiresAt: r.expires_ms === null ? null : new Date(r.expires_ms),
    createdAt: new Date(r.created_ms),
    transactionId: r.transaction_id,
  }));
}

/** The member's ledger, newest first. */
export async function listLedgerEntries(db: Db, params: { programId: string; memberId: string; scope: Scope; limit?: number }): Promise<LedgerEntryView[]> {
  if (!(await memberInScope(db, params.memberId, params.scope))) return [];
  const rows = await selectRows<{ id: number; kind: LedgerEntryView["kind"]; points: number; transaction_id: number | null; line_no: number | null; redemption_id: string | null; event_id: number | null; reason: string | null; rules: string | null; created_ms: number }>(
    db,
    sql`select id::float8 as id, kind, points, transaction_id::float8 as transaction_id, line_no, redemption_id, event_id::float8 as event_id, reason,
               rules::text as rules, ${ms("created_at")} as created_ms
          from points_entries where program_id = ${params.programId} and member_id = ${params.memberId}
         order by created_at desc, id desc limit ${params.limit ?? 100}`,
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    points: r.points,
    transactionId: r.transaction_id,
    lineNo: r.line_no,
    redemptionId: r.redemption_id,
    eventId: r.event_id,
    reason: r.reason,
    rules: r.rules === null ? null : JSON.parse(r.rules),
    createdAt: new Date(r.created_ms),
  }));
}

export interface LedgerRecount {
  /** Sum of all entries: the balance by definition. */
  ledger: number;
  earned: number;
  redeemed: number;
  lotsAvailable: number;
  lotsPending: number;
  /** Lots whose consumptions do not add up to amount − remaining (must be none). */
  inconsistentLots: number;
}

/** The member's points recounted from the ledger and the lots, to check the cached balance against. */
export async function recountMemberPoints(db: Db, params: { programId: string; memberId: string }): Promise<LedgerRecount> {
  const [row] = await selectRows<LedgerRecount>(
    db,
    sql`select
      (select coalesce(sum(points), 0)::float8 from points_entries where program_id = ${params.programId} and member_id = ${params.memberId}) as ledger,
      (select coalesce(sum(points), 0)::float8 from points_entries where program_id = ${params.programId} and member_id = ${params.memberId}
          and (kind = 'earn' or (kind = 'reverse' and redemption_id is null))) as earned,
      (select coalesce(-sum(points), 0)::float8 from points_entries where program_id = ${params.programId} and member_id = ${params.memberId}
          and (kind = 'redeem' or (kind = 'reverse' and redemption_id is not null))) as redeemed,
      (select coalesce(sum(remaining), 0)::float8 from points_lots where program_id = ${params.programId} and member_id = ${params.memberId} and status = 'available') as "lotsAvailable",
      (select coalesce(sum(remaining), 0)::float8 from points_lots where program_id = ${params.programId} and member_id = ${params.memberId} and status = 'pending') as "lotsPending",
      (select count(*)::int from points_lots o where o.program_id = ${params.programId} and o.member_id = ${params.memberId}
          and o.amount - o.remaining <> (select coalesce(sum(c.points), 0) from lot_consumptions c where c.lot_id = o.id)) as "inconsistentLots"`,
  );
  if (!row) throw new Error("recount returned nothing");
  return row;
}

export interface ExpiringPoints {
  memberId: string;
  points: number;
  firstExpiresAt: Date;
}

/** Members with points expiring within the window (for "points expiring soon" messages). */
export async function listPointsExpiringSoon(db: Db, params: { programId: string; now: Date; withinDays: number; limit?: number }): Promise<ExpiringPoints[]> {
  const until = new Date(params.now.getTime() + params.withinDays * 86_400_000);
  const rows = await selectRows<{ member_id: string; points: number; first_ms: number }>(
    db,
    sql`select member_id, sum(remaining)::float8 as points, (extract(epoch from min(expires_at)) * 1000)::float8 as first_ms
          from points_lots
         where program_id = ${params.programId} and remaining > 0 and expires_at > ${params.now.toISOString()} and expires_at <= ${until.toISOString()}
         group by member_id order by min(expires_at) limit ${params.limit ?? 10_000}`,
  );
  return rows.map((r) => ({ memberId: r.member_id, points: r.points, firstExpiresAt: new Date(r.first_ms) }));
}

export interface TierChange {
  id: number;
  memberId: string;
  fromTierId: string | null;
  toTierId: string | null;
  reason: "upgrade" | "review" | "manual";
  qualifyingAmount: number;
  createdAt: Date;
}

/** Tier changes after `afterId` (upgrades on earning and review downgrades), oldest first: what "tier changed" webhooks send. */
export async function listTierChanges(db: Db, params: { programId: string; afterId?: number; limit?: number }): Promise<TierChange[]> {
  const rows = await selectRows<{ id: number; member_id: string; from_tier_id: string | null; to_tier_id: string | null; reason: TierChange["reason"]; amount: number; created_ms: number }>(
    db,
    sql`select id::float8 as id, member_id, from_tier_id, to_tier_id, reason, qualifying_amount::float8 as amount, ${ms("created_at")} as created_ms
          from member_tier_history where program_id = ${params.programId} and id > ${params.afterId ?? 0}
         order by id limit ${params.limit ?? 1000}`,
  );
  return rows.map((r) => ({ id: r.id, memberId: r.member_id, fromTierId: r.from_tier_id, toTierId: r.to_tier_id, reason: r.reason, qualifyingAmount: r.amount, createdAt: new Date(r.created_ms) }));
}
