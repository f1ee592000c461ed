import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "../../client";
import { selectRows } from "../../sql";

/** Members with lots due: points past expiry, or pending points past their return window. */
export async function membersWithDueLots(db: Db, p: { kind: "expire" | "release"; now: Date; programId?: string; limit: number }): Promise<string[]> {
  const program = p.programId ? sql`and program_id = ${p.programId}` : sql``;
  const due =
    p.kind === "expire"
      ? sql`remaining > 0 and expires_at <= ${p.now.toISOString()}`
      : sql`status = 'pending' and available_at <= ${p.now.toISOString()}`;
  const rows = await selectRows<{ member_id: string }>(db, sql`select distinct member_id from points_lots where ${due} ${program} limit ${p.limit}`);
  return rows.map((r) => r.member_id);
}

const memberList = (ids: readonly string[]) => `{${ids.join(",")}}`;

/**
 * Expires what is left of the members' lots past expiry: one expire entry and one consumption per lot,
 * the lot emptied, the balance lowered. Points already spent left their lot before, so expiry never takes
 * them. Run under the members' locks.
 */
export async function expireMembersLots(db: Db, p: { memberIds: readonly string[]; now: Date; programId?: string }): Promise<{ lots: number; points: number }> {
  const now = p.now.toISOString();
  const program = p.programId ? sql`and program_id = ${p.programId}` : sql``;
  const [row] = await selectRows<{ lots: number; points: number }>(
    db,
    sql`with due as (select id, program_id, member_id, remaining, status from points_lots
                      where member_id = any(${memberList(p.memberIds)}::uuid[]) and remaining > 0 and expires_at <= ${now} ${program} for update),
      en as (insert into points_entries (program_id, member_id, kind, points, lot_id, actor_kind, created_at)
             select program_id, member_id, 'expire', -remaining, id, 'system', ${now} from due returning id, lot_id),
      lc as (insert into lot_consumptions (lot_id, kind, points, entry_id, created_at)
             select due.id, 'expire', due.remaining, en.id, ${now} from due join en on en.lot_id = due.id),
      lu as (update points_lots o set remaining = 0 from due where o.id = due.id),
      sums as (select program_id, member_id, sum(remaining) filter (where status = 'available') as a, sum(remaining) filter (where status = 'pending') as p
                 from due group by 1, 2),
      mp as (update member_points m set available = m.available - coalesce(s.a, 0), pending = m.pending - coalesce(s.p, 0), updated_at = ${now}
               from sums s where m.program_id = s.program_id and m.member_id = s.member_id)
    select count(*)::int as lots, coalesce(sum(remaining), 0)::float8 as points from due`,
  );
  return row ?? { lots: 0, points: 0 };
}

/**
 * Makes pending points whose return window closed available. Answers the members who owe points (debt),
 * whose debt the caller then pays back from these points (settleDebt).
 */
export async function releaseMembersLots(db: Db, p: { memberIds: readonly string[]; now: Date; programId?: string }): Promise<{ lots: number; points: number; indebted: { programId: string; memberId: string }[] }> {
  const now = p.now.toISOString();
  const program = p.programId ? sql`and program_id = ${p.programId}` : sql``;
  const [row] = await selectRows<{ lots: number; points: number; indebted: string | null }>(
    db,
    sql`with due as (select id, program_id, member_id, remaining from points_lots
                      where member_id = any(${memberList(p.memberIds)}::uuid[]) and status = 'pending' and available_at <= ${now} ${program} for update),
      lu as (update points_lots o set status = 'available' from due where o.id = due.id),
      sums as (select program_id, member_id, sum(remaining) as r from due group by 1, 2),
      mp as (update member_points m set pending = m.pending - s.r, available = m.available + s.r, updated_at = ${now}
               from sums s where m.program_id = s.program_id and m.member_id = s.member_id returning m.program_id, m.member_id, m.debt)
    select (select count(*)::int from due) as lots, (select coalesce(sum(remaining), 0)::float8 from due) as points,
           (select json_agg(json_build_object('programId', program_id, 'memberId', member_id)) from mp where debt > 0)::text as indebted`,
  );
  return { lots: row?.lots ?? 0, points: row?.points ?? 0, indebted: row?.indebted ? (JSON.parse(row.indebted) as { programId: string; memberId: string }[]) : [] };
}

/**
 * Pays a member's debt back from their available lots, oldest-expiring first: lots lose the points, the debt
 * drops by as much, and the balance (available lots minus debt) stays what it was.
 */
export async function settleDebt(db: Db, p: { programId: string; memberId: string; now: Date }): Promise<number> {
  const now = p.now.toISOString();
  const [row] = await selectRows<{ settled: number }>(
    db,
    sql`with owed as (select debt from member_points where program_id = ${p.programId} and member_id = ${p.memberId}),
      lots as (select o.id, o.remaining, sum(o.remaining) over (order by o.expires_at nulls last, o.id) as running
                 from points_lots o where o.program_id = ${p.programId} and o.member_id = ${p.memberId} and o.status = 'available' and o.remaining > 0),
      takes as (select l.id, least(l.remaining, owed.debt - (l.running - l.remaining)) as points from lots l, owed where l.running - l.remaining < owed.debt),
      lu as (update points_lots o set remaining = o.remaining - t.points from takes t where o.id = t.id),
      lc as (insert into lot_consumptions (lot_id, kind, points, created_at) select id, 'settle', points, ${now} from takes),
      total as (select coalesce(sum(points), 0) as s from takes),
      mp as (update member_points m set debt = m.debt - total.s, updated_at = ${now} from total
              where m.program_id = ${p.programId} and m.member_id = ${p.memberId} and total.s > 0)
    select s::float8 as settled from total`,
  );
  return row?.settled ?? 0;
}

export interface TierReviewRow {
  memberId: string;
  tierId: string | null;
  tierSince: Date | null;
  amount: number;
}

/** A page of a program's members with points, their tier and their qualifying amount in [from, to) months. */
export async function readTierReviewPage(
  db: Db,
  p: { programId: string; basis: "points" | "spend"; fromMonth: string; toMonth: string } & ({ after: string | null; limit: number } | { memberIds: readonly string[] }),
): Promise<TierReviewRow[]> {
  const amount = p.basis === "points" ? sql`tp.points` : sql`tp.spend_minor`;
  const page =
    "memberIds" in p
      ? sql`and mp.member_id = any(${memberList(p.memberIds)}::uuid[]) order by mp.member_id`
      : sql`${p.after ? sql`and mp.member_id > ${p.after}` : sql``} order by mp.member_id limit ${p.limit}`;
  const rows = await selectRows<{ member_id: string; tier_id: string | null; tier_since_ms: number | null; amount: number }>(
    db,
    sql`select mp.member_id, mp.tier_id, (extract(epoch from mp.tier_since) * 1000)::float8 as tier_since_ms,
               coalesce((select sum(${amount}) from tier_progress tp where tp.program_id = mp.program_id and tp.member_id = mp.member_id
                          and tp.month >= ${p.fromMonth}::date and tp.month < ${p.toMonth}::date), 0)::float8 as amount
          from member_points mp
         where mp.program_id = ${p.programId} ${page}`,
  );
  return rows.map((r) => ({ memberId: r.member_id, tierId: r.tier_id, tierSince: r.tier_since_ms === null ? null : new Date(r.tier_since_ms), amount: r.amount }));
}

export async function writeTierChanges(
  db: Db,
  p: { programId: string; now: Date; changes: { member_id: string; from_tier_id: string | null; to_tier_id: string | null; amount: number }[] },
): Promise<void> {
  if (p.changes.length === 0) return;
  const now = p.now.toISOString();
  await db.execute(sql`with c as (select * from jsonb_to_recordset(${JSON.stringify(p.changes)}::jsonb) as c(member_id uuid, from_tier_id uuid, to_tier_id uuid, amount bigint)),
    mp as (update member_points m set tier_id = c.to_tier_id, tier_since = ${now}, updated_at = ${now} from c where m.program_id = ${p.programId} and m.member_id = c.member_id)
    insert into member_tier_history (program_id, member_id, from_tier_id, to_tier_id, reason, qualifying_amount, created_at)
    select ${p.programId}, member_id, from_tier_id, to_tier_id, 'review', amount, ${now} from c`);
}

/** The start (as an instant) of a program-local month. */
export async function localMonthStart(db: Db, month: string, timeZone: string): Promise<Date> {
  const [row] = await selectRows<{ ms: number }>(db, sql`select (extract(epoch from (${month}::date::timestamp at time zone ${timeZone})) * 1000)::float8 as ms`);
  return new Date(row?.ms ?? 0);
}

/** Records the boundary reviewed; bumps the revision so cached configurations see it. */
export async function markTiersReviewed(db: Db, programId: string, boundary: Date): Promise<void> {
  await db.execute(sql`update loyalty_programs set tiers_reviewed_at = ${boundary.toISOString()}, revision = revision + 1 where id = ${programId}`);
}

export async function listProgramIds(db: Db): Promise<string[]> {
  const rows = await selectRows<{ id: string }>(db, sql`select id from loyalty_programs order by created_at`);
  return rows.map((r) => r.id);
}

export interface ExpiryNotice {
  lotId: number;
  memberId: string;
  /** Null for an erased member: no webhook is sent for them. */
  memberExternalId: string | null;
  erased: boolean;
  points: number;
  expiresAt: Date;
}

/**
 * Claims up to `limit` lots with points expiring in (now, until] whose notice was not sent yet: each claimed
 * lot gets its points_expiry_notices row in this statement, so however often (or in however many processes)
 * the job runs, a lot is announced once. A lot claimed by a concurrent run is skipped (on conflict).
 */
export async function claimExpiryNotices(db: Db, p: { now: Date; until: Date; programId?: string; limit: number }): Promise<ExpiryNotice[]> {
  const program = p.programId ? sql`and l.program_id = ${p.programId}` : sql``;
  const rows = await selectRows<{ lot_id: number; member_id: string; external_id: string | null; status: string; points: number; expires_ms: number }>(
    db,
    sql`with due as (
          select l.id, l.member_id, l.remaining, l.expires_at from points_lots l
           where l.remaining > 0 and l.expires_at > ${p.now.toISOString()} and l.expires_at <= ${p.until.toISOString()} ${program}
             and not exists (select 1 from points_expiry_notices n where n.lot_id = l.id)
           order by l.expires_at, l.id limit ${p.limit}),
        claimed as (insert into points_expiry_notices (lot_id, created_at) select id, ${p.now.toISOString()} from due on conflict do nothing returning lot_id)
        select d.id::float8 as lot_id, d.member_id, m.external_id, m.status, d.remaining as points, (extract(epoch from d.expires_at) * 1000)::float8 as expires_ms
          from due d join claimed c on c.lot_id = d.id join members m on m.id = d.member_id
         order by d.expires_at, d.id`,
  );
  return rows.map((r) => ({
    lotId: r.lot_id,
    memberId: r.member_id,
    memberExternalId: r.external_id,
    erased: r.status === "erased",
    points: r.points,
    expiresAt: new Date(r.expires_ms),
  }));
}

/** Members' external ids (null when erased or never given), for webhook payloads. */
export async function memberExternalIds(db: Db, memberIds: readonly string[]): Promise<Map<string, string | null>> {
  if (memberIds.length === 0) return new Map();
  const rows = await selectRows<{ id: string; external_id: string | null }>(
    db,
    sql`select id, case when status = 'erased' then null else external_id end as external_id from members where id = any(${memberList([...new Set(memberIds)])}::uuid[])`,
  );
  return new Map(rows.map((r) => [r.id, r.external_id]));
}
