import "server-only";
import { sql } from "drizzle-orm";
import type { LineRuleShare } from "@/lib/loyalty/rule-types";
import type { LedgerLineEntry, ReturnedSoFar, SaleLine } from "@/lib/loyalty/return-plan";
import type { OpenLot } from "@/lib/loyalty/lots";
import type { Db } from "../../client";
import type { Currency, SalesChannel } from "../../schema/enums";
import { selectPrepared } from "./prepared";
import type { WriteContext } from "./receipts";

export interface OriginalSale {
  id: number;
  kind: "sale" | "return";
  memberId: string | null;
  storeId: string;
  channel: SalesChannel;
  currency: Currency;
  occurredAt: Date;
}

export async function findSale(db: Db, source: string, externalId: string): Promise<OriginalSale | null> {
  const [row] = await selectPrepared<Omit<OriginalSale, "occurredAt"> & { occurred_ms: number; member_id: string | null; store_id: string }>(
    db,
    sql`select id::float8 as id, kind, member_id, store_id, channel, currency, (extract(epoch from occurred_at) * 1000)::float8 as occurred_ms
          from transactions where source = ${source} and external_id = ${externalId}`,
  );
  if (!row) return null;
  return { id: row.id, kind: row.kind, memberId: row.member_id, storeId: row.store_id, channel: row.channel, currency: row.currency, occurredAt: new Date(row.occurred_ms) };
}

export interface ReturnContext {
  revision: number | null;
  existing: { id: number; originalId: number | null } | null;
  lines: SaleLine[];
  returned: ReturnedSoFar[];
  earned: LedgerLineEntry[];
  reversed: LedgerLineEntry[];
  balance: { available: number; pending: number; debt: number } | null;
  lots: OpenLot[];
  store: { id: string; code: string; kind: "physical" | "online"; currency: Currency } | null;
}

/** A sale's lines, what earlier returns took back, its ledger entries and the member's open lots; after the member's lock. */
export async function readReturnContext(
  db: Db,
  p: { programId: string; source: string; externalId: string; saleId: number; memberId: string | null; storeCode: string | null },
): Promise<ReturnContext> {
  const member = p.memberId ?? "00000000-0000-0000-0000-000000000000";
  const [row] = await selectPrepared<{ context: string }>(
    db,
    sql`select json_build_object(
      'revision', (select revision from loyalty_programs where id = ${p.programId}),
      'existing', (select json_build_object('id', t.id, 'originalId', t.original_transaction_id) from transactions t where t.source = ${p.source} and t.external_id = ${p.externalId}),
      'lines', (select json_agg(json_build_object('lineNo', l.line_no, 'sku', l.sku, 'productId', l.product_id, 'categoryId', l.category_id,
                  'quantity', l.quantity, 'amountMinor', l.amount_minor, 'discountMinor', l.discount_minor) order by l.line_no)
                  from transaction_lines l where l.transaction_id = ${p.saleId}),
      'returned', (select json_agg(r) from (select l.line_no as "lineNo", -sum(l.quantity) as quantity, -sum(l.amount_minor) as "amountMinor", -sum(l.discount_minor) as "discountMinor"
                    from transactions t join transaction_lines l on l.transaction_id = t.id
                   where t.original_transaction_id = ${p.saleId} and t.kind = 'return' group by l.line_no) r),
      'earned', (select json_agg(json_build_object('lineNo', e.line_no, 'points', e.points, 'rules', e.rules))
                   from points_entries e where e.transaction_id = ${p.saleId} and e.kind = 'earn'),
      'reversed', (select json_agg(json_build_object('lineNo', e.line_no, 'points', e.points, 'rules', e.rules))
                     from transactions t join points_entries e on e.transaction_id = t.id
                    where t.original_transaction_id = ${p.saleId} and t.kind = 'return' and e.kind = 'reverse'),
      'balance', (select json_build_object('available', available, 'pending', pending, 'debt', debt) from member_points
                   where program_id = ${p.programId} and member_id = ${member}),
      'lots', (select json_agg(json_build_object('id', o.id, 'remaining', o.remaining, 'status', o.status, 'expiresAt', o.expires_at, 'transactionId', o.transaction_id))
                 from points_lots o where o.member_id = ${member} and o.program_id = ${p.programId} and o.remaining > 0),
      'store', (select json_build_object('id', s.id, 'code', s.code, 'kind', s.kind, 'currency', s.currency) from stores s where s.code = ${p.storeCode})
    )::text as context`,
  );
  const c = JSON.parse(row?.context ?? "{}") as Record<string, unknown>;
  const num = (v: unknown) => Number(v);
  return {
    revision: c.revision === null ? null : num(c.revision),
    existing: c.existing ? { id: num((c.existing as { id: unknown }).id), originalId: (c.existing as { originalId: number | null }).originalId } : null,
    lines: ((c.lines as SaleLine[] | null) ?? []).map((l) => ({ ...l, amountMinor: num(l.amountMinor), discountMinor: num(l.discountMinor) })),
    returned: ((c.returned as ReturnedSoFar[] | null) ?? []).map((r) => ({ lineNo: r.lineNo, quantity: num(r.quantity), amountMinor: num(r.amountMinor), discountMinor: num(r.discountMinor) })),
    earned: (c.earned as LedgerLineEntry[] | null) ?? [],
    reversed: (c.reversed as LedgerLineEntry[] | null) ?? [],
    balance: c.balance ? { available: num((c.balance as { available: unknown }).available), pending: num((c.balance as { pending: unknown }).pending), debt: num((c.balance as { debt: unknown }).debt) } : null,
    lots: ((c.lots as (Omit<OpenLot, "expiresAt"> & { expiresAt: string | null })[] | null) ?? []).map((o) => ({
      ...o,
      id: num(o.id),
      transactionId: o.transactionId === null ? null : num(o.transactionId),
      expiresAt: o.expiresAt ? new Date(o.expiresAt) : null,
    })),
    store: (c.store as ReturnContext["store"]) ?? null,
  };
}

export interface ReturnPayload {
  return: {
    member_id: string | null;
    store_id: string;
    channel: SalesChannel;
    occurred_at: string;
    currency: Currency;
    total_minor: number;
    discount_minor: number;
    item_count: number;
    external_id: string;
    original_id: number;
  };
  lines: { line_no: number; product_id: string | null; sku: string; category_id: string | null; quantity: number; amount_minor: number; discount_minor: number }[];
  entries: { kind: "reverse" | "adjust"; line_no: number | null; points: number; rules: LineRuleShare[] | null; reason: string | null }[];
  takes: { lot_id: number; points: number }[];
  balance: { available: number; pending: number; debt: number; earned: number };
  progress: { month: string; points: number; spend: number } | null;
  usage: { rule_id: string; period: string; start: string; points: number }[];
}

/** Writes a return and its points in one statement; answers null when another writer took the return's number. */
export async function writeReturn(db: Db, payload: ReturnPayload, w: WriteContext): Promise<number | null> {
  const now = w.now.toISOString();
  const actorId = w.actor.kind === "system" ? null : w.actor.id;
  const member = payload.return.member_id;
  const [row] = await selectPrepared<{ id: number }>(
    db,
    sql`with doc as (select ${JSON.stringify(payload)}::jsonb as d),
    ins as (insert into transactions (member_id, store_id, channel, kind, original_transaction_id, occurred_at, currency, total_minor, discount_minor, item_count, source, external_id)
            select r.member_id, r.store_id, r.channel, 'return', r.original_id, r.occurred_at, r.currency, r.total_minor, r.discount_minor, r.item_count, ${w.source}, r.external_id
              from doc, jsonb_to_record(d->'return') as r(member_id uuid, store_id uuid, channel sales_channel, occurred_at timestamptz, currency currency,
                   total_minor bigint, discount_minor bigint, item_count int, external_id text, original_id bigint)
            on conflict (source, external_id) do nothing returning id),
    li as (insert into transaction_lines (transaction_id, line_no, product_id, sku, category_id, quantity, amount_minor, discount_minor)
           select ins.id, l.line_no, l.product_id, l.sku, l.category_id, l.quantity, l.amount_minor, l.discount_minor
             from ins, doc, jsonb_to_recordset(d->'lines') as l(line_no int, product_id uuid, sku text, category_id uuid, quantity int, amount_minor bigint, discount_minor bigint)),
    en as (insert into points_entries (program_id, member_id, kind, points, transaction_id, line_no, rules, reason, actor_kind, actor_id, created_at)
           select ${w.programId}, ${member}::uuid, e.kind, e.points, ins.id, e.line_no, e.rules, e.reason, ${w.actor.kind}, ${actorId}, ${now}
             from ins, doc, jsonb_to_recordset(d->'entries') as e(kind points_entry_kind, line_no int, points int, rules jsonb, reason text)),
    lu as (update points_lots o set remaining = o.remaining - t.points
             from ins, doc, jsonb_to_recordset(d->'takes') as t(lot_id bigint, points int) where o.id = t.lot_id),
    lc as (insert into lot_consumptions (lot_id, kind, points, transaction_id, created_at)
           select t.lot_id, 'reverse', t.points, ins.id, ${now} from ins, doc, jsonb_to_recordset(d->'takes') as t(lot_id bigint, points int)),
    mp as (update member_points m
              set available = m.available + b.available, pending = m.pending + b.pending, debt = m.debt + b.debt,
                  lifetime_earned = m.lifetime_earned + b.earned, updated_at = ${now}
             from ins, doc, jsonb_to_record(d->'balance') as b(available bigint, pending bigint, debt bigint, earned bigint)
            where m.program_id = ${w.programId} and m.member_id = ${member}::uuid),
    tp as (insert into tier_progress as t (program_id, member_id, month, points, spend_minor)
           select ${w.programId}, ${member}::uuid, g.month, g.points, g.spend
             from ins, doc, jsonb_to_record(d->'progress') as g(month date, points bigint, spend bigint) where g.month is not null
           on conflict (program_id, member_id, month) do update set points = t.points + excluded.points, spend_minor = t.spend_minor + excluded.spend_minor),
    cu as (update earning_cap_usage u set points = greatest(0, u.points + c.points)
             from ins, doc, jsonb_to_recordset(d->'usage') as c(rule_id uuid, period cap_period, start date, points int)
            where u.member_id = ${member}::uuid and u.rule_id = c.rule_id and u.period = c.period and u.period_start = c.start)
    select id::float8 as id from ins`,
  );
  return row ? Number(row.id) : null;
}

export interface RecordedReturn {
  id: number;
  originalId: number;
  memberId: string | null;
  lines: { lineNo: number; quantity: number; amountMinor: number }[];
  entries: { kind: "reverse" | "adjust"; lineNo: number | null; points: number; rules: LineRuleShare[] | null; reason: string | null }[];
  debt: number;
}

/** A return recorded earlier, as a replay answers it. */
export async function readRecordedReturn(db: Db, id: number): Promise<RecordedReturn | null> {
  const [row] = await selectPrepared<{ r: string }>(
    db,
    sql`select json_build_object('id', t.id, 'originalId', t.original_transaction_id, 'memberId', t.member_id,
        'lines', (select json_agg(json_build_object('lineNo', l.line_no, 'quantity', -l.quantity, 'amountMinor', -l.amount_minor) order by l.line_no) from transaction_lines l where l.transaction_id = t.id),
        'entries', (select json_agg(json_build_object('kind', e.kind, 'lineNo', e.line_no, 'points', e.points, 'rules', e.rules, 'reason', e.reason) order by e.id) from points_entries e where e.transaction_id = t.id),
        'taken', (select coalesce(sum(c.points), 0) from lot_consumptions c where c.transaction_id = t.id and c.kind = 'reverse'))::text as r
      from transactions t where t.id = ${id}`,
  );
  if (!row) return null;
  const r = JSON.parse(row.r) as Omit<RecordedReturn, "debt"> & { taken: number; lines: RecordedReturn["lines"] | null; entries: RecordedReturn["entries"] | null };
  const entries = r.entries ?? [];
  const reversed = -entries.filter((e) => e.kind === "reverse").reduce((s, e) => s + e.points, 0);
  const writtenOff = entries.filter((e) => e.kind === "adjust").reduce((s, e) => s + e.points, 0);
  return {
    id: Number(r.id),
    originalId: Number(r.originalId),
    memberId: r.memberId,
    lines: (r.lines ?? []).map((l) => ({ ...l, amountMinor: Number(l.amountMinor) })),
    entries,
    debt: reversed - writtenOff - Number(r.taken),
  };
}
