import "server-only";
import { sql } from "drizzle-orm";
import type { LineRuleShare } from "@/lib/loyalty/rule-types";
import type { OpenLot } from "@/lib/loyalty/lots";
import type { AuditActor } from "../audit";
import type { Db } from "../../client";
import { selectPrepared } from "./prepared";
import type { MemberPointsState } from "./receipts";

export interface MemberLedgerView extends MemberPointsState {
  memberId: string;
  lots: OpenLot[];
  /** Cap usage in the periods asked for. */
  usage: { ruleId: string; period: "day" | "month" | "year"; start: string; points: number }[];
  revision: number | null;
}

/**
 * A member's balance, tier, tier window and open lots: what spending, crediting and adjusting read after
 * the member's lock. `member` is a member id or an external id (`byExternalId`).
 */
export async function readMemberLedger(
  db: Db,
  p: { programId: string; member: string; byExternalId: boolean; windowStart: string; periods?: readonly { period: string; start: string }[] },
): Promise<MemberLedgerView | null> {
  const where = p.byExternalId ? sql`m.external_id = ${p.member}` : sql`m.id = ${p.member}`;
  const [row] = await selectPrepared<{ view: string }>(
    db,
    sql`select json_build_object(
        'memberId', m.id, 'status', m.status, 'birthMonth', extract(month from m.birth_date)::int,
        'available', coalesce(mp.available, 0), 'pending', coalesce(mp.pending, 0), 'debt', coalesce(mp.debt, 0), 'tierId', mp.tier_id,
        'windowPoints', (select coalesce(sum(points), 0) from tier_progress where program_id = ${p.programId} and member_id = m.id and month >= ${p.windowStart}::date),
        'windowSpend', (select coalesce(sum(spend_minor), 0) from tier_progress where program_id = ${p.programId} and member_id = m.id and month >= ${p.windowStart}::date),
        'lots', (select json_agg(json_build_object('id', o.id, 'remaining', o.remaining, 'status', o.status, 'expiresAt', o.expires_at, 'transactionId', o.transaction_id))
                   from points_lots o where o.member_id = m.id and o.program_id = ${p.programId} and o.remaining > 0),
        'usage', (select json_agg(json_build_object('ruleId', u.rule_id, 'period', u.period, 'start', u.period_start::text, 'points', u.points))
                    from earning_cap_usage u join jsonb_to_recordset(${JSON.stringify(p.periods ?? [])}::jsonb) as x(period cap_period, start date)
                      on u.period = x.period and u.period_start = x.start
                   where u.member_id = m.id),
        'revision', (select revision from loyalty_programs where id = ${p.programId}))::text as view
      from members m left join member_points mp on mp.program_id = ${p.programId} and mp.member_id = m.id
      where ${where}`,
  );
  if (!row) return null;
  const v = JSON.parse(row.view) as Omit<MemberLedgerView, "lots" | "usage"> & {
    lots: (Omit<OpenLot, "expiresAt"> & { expiresAt: string | null })[] | null;
    usage: MemberLedgerView["usage"] | null;
  };
  return {
    ...v,
    available: Number(v.available),
    pending: Number(v.pending),
    debt: Number(v.debt),
    windowPoints: Number(v.windowPoints),
    windowSpend: Number(v.windowSpend),
    revision: v.revision === null ? null : Number(v.revision),
    usage: v.usage ?? [],
    lots: (v.lots ?? []).map((o) => ({ ...o, id: Number(o.id), transactionId: o.transactionId === null ? null : Number(o.transactionId), expiresAt: o.expiresAt ? new Date(o.expiresAt) : null })),
  };
}

export interface LedgerWriteBase {
  programId: string;
  memberId: string;
  actor: AuditActor;
  now: Date;
}

export interface SpendWrite extends LedgerWriteBase {
  entry: { kind: "redeem" | "adjust"; points: number; redemptionId: string | null; reason: string | null };
  consumption: "redeem" | "adjust";
  takes: { lot_id: number; points: number }[];
  balance: { available: number; pending: number; redeemed: number };
}

/** One entry taking points from lots (a redemption or a negative adjustment), with its consumptions and the balance. */
export async function writeSpend(db: Db, w: SpendWrite): Promise<number> {
  const now = w.now.toISOString();
  const [row] = await selectPrepared<{ id: number }>(
    db,
    sql`with en as (insert into points_entries (program_id, member_id, kind, points, redemption_id, reason, actor_kind, actor_id, created_at)
              values (${w.programId}, ${w.memberId}, ${w.entry.kind}, ${w.entry.points}, ${w.entry.redemptionId}, ${w.entry.reason}, ${w.actor.kind}, ${w.actor.kind === "system" ? null : w.actor.id}, ${now})
              returning id),
      takes as (select * from jsonb_to_recordset(${JSON.stringify(w.takes)}::jsonb) as t(lot_id bigint, points int)),
      lu as (update points_lots o set remaining = o.remaining - t.points from takes t where o.id = t.lot_id),
      lc as (insert into lot_consumptions (lot_id, kind, points, entry_id, redemption_id, created_at)
             select t.lot_id, ${w.consumption}, t.points, en.id, ${w.entry.redemptionId}, ${now} from en, takes t),
      mp as (update member_points set available = available + ${w.balance.available}, pending = pending + ${w.balance.pending},
                    lifetime_redeemed = lifetime_redeemed + ${w.balance.redeemed}, updated_at = ${now}
              where program_id = ${w.programId} and member_id = ${w.memberId})
      select id::float8 as id from en`,
  );
  if (!row) throw new Error("ledger entry insert returned nothing");
  return Number(row.id);
}

export interface CreditWrite extends LedgerWriteBase {
  lot: { origin: "event" | "adjustment" | "refund"; amount: number; status: "pending" | "available"; availableAt: Date; expiresAt: Date | null; eventId: number | null };
  entry: { kind: "earn" | "adjust" | "reverse"; redemptionId: string | null; reason: string | null; rules: LineRuleShare[] | null };
  /** Points owed that this lot pays back at once. */
  settle: number;
  balance: { available: number; pending: number; debt: number; earned: number; redeemed: number };
  progress: { month: string; points: number } | null;
  usage: { rule_id: string; period: string; start: string; points: number }[];
  tierChange: { fromTierId: string | null; toTierId: string; amount: number } | null;
}

/**
 * One lot and its entry (an event bonus, a positive adjustment, a refund), the balance, tier progress, cap
 * usage and any tier upgrade, in one statement. An event already credited (its lot exists) writes nothing
 * and answers null.
 */
export async function writeCredit(db: Db, w: CreditWrite): Promise<{ lotId: number; entryId: number } | null> {
  const now = w.now.toISOString();
  const actorId = w.actor.kind === "system" ? null : w.actor.id;
  const [row] = await selectPrepared<{ lot_id: number; entry_id: number }>(
    db,
    sql`with lot as (insert into points_lots (program_id, member_id, origin, event_id, amount, remaining, status, available_at, expires_at, created_at)
              values (${w.programId}, ${w.memberId}, ${w.lot.origin}, ${w.lot.eventId}, ${w.lot.amount}, ${w.lot.amount - w.settle}, ${w.lot.status},
                      ${w.lot.availableAt.toISOString()}, ${w.lot.expiresAt?.toISOString() ?? null}, ${now})
              on conflict (event_id) where event_id is not null do nothing
              returning id),
      en as (insert into points_entries (program_id, member_id, kind, points, lot_id, event_id, redemption_id, rules, reason, actor_kind, actor_id, created_at)
             select ${w.programId}, ${w.memberId}, ${w.entry.kind}, ${w.lot.amount}, lot.id, ${w.lot.eventId}, ${w.entry.redemptionId},
                    ${w.entry.rules === null ? null : JSON.stringify(w.entry.rules)}::jsonb, ${w.entry.reason}, ${w.actor.kind}, ${actorId}, ${now}
               from lot returning id),
      st as (insert into lot_consumptions (lot_id, kind, points, entry_id, created_at)
             select lot.id, 'settle', ${w.settle}, en.id, ${now} from lot, en where ${w.settle} > 0),
      -- Deltas update an existing balance; only a member's first credit inserts one (see writeReceipts).
      mpu as (update member_points m
                 set available = m.available + ${w.balance.available}, pending = m.pending + ${w.balance.pending}, debt = m.debt + ${w.balance.debt},
                     lifetime_earned = m.lifetime_earned + ${w.balance.earned}, lifetime_redeemed = m.lifetime_redeemed + ${w.balance.redeemed},
                     tier_id = coalesce(${w.tierChange?.toTierId ?? null}::uuid, m.tier_id),
                     tier_since = case when ${w.tierChange !== null} then ${now}::timestamptz else m.tier_since end, updated_at = ${now}
                from lot where m.program_id = ${w.programId} and m.member_id = ${w.memberId}
              returning m.member_id),
      mpi as (insert into member_points (program_id, member_id, available, pending, debt, lifetime_earned, lifetime_redeemed, tier_id, tier_since, updated_at)
              select ${w.programId}, ${w.memberId}, ${w.balance.available}, ${w.balance.pending}, ${w.balance.debt}, ${w.balance.earned}, ${w.balance.redeemed},
                     ${w.tierChange?.toTierId ?? null}::uuid, case when ${w.tierChange !== null} then ${now}::timestamptz end, ${now}
                from lot where not exists (select 1 from mpu)),
      tp as (insert into tier_progress as t (program_id, member_id, month, points, spend_minor)
             select ${w.programId}, ${w.memberId}, ${w.progress?.month ?? null}::date, ${w.progress?.points ?? 0}, 0 from lot where ${w.progress !== null}
             on conflict (program_id, member_id, month) do update set points = t.points + excluded.points),
      cu as (insert into earning_cap_usage as u (member_id, rule_id, period, period_start, points)
             select ${w.memberId}, c.rule_id, c.period, c.start, c.points
               from lot, jsonb_to_recordset(${JSON.stringify(w.usage)}::jsonb) as c(rule_id uuid, period cap_period, start date, points int)
             on conflict (member_id, rule_id, period, period_start) do update set points = u.points + excluded.points),
      th as (insert into member_tier_history (program_id, member_id, from_tier_id, to_tier_id, reason, qualifying_amount, created_at)
             select ${w.programId}, ${w.memberId}, ${w.tierChange?.fromTierId ?? null}::uuid, ${w.tierChange?.toTierId ?? null}::uuid, 'upgrade', ${w.tierChange?.amount ?? 0}, ${now}
               from lot where ${w.tierChange !== null})
      select lot.id::float8 as lot_id, en.id::float8 as entry_id from lot, en`,
  );
  return row ? { lotId: Number(row.lot_id), entryId: Number(row.entry_id) } : null;
}
