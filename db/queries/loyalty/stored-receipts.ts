import "server-only";
import type { Db } from "../../client";
import type { Currency, SalesChannel } from "../../schema/enums";
import { selectPrepared } from "./prepared";

/**
 * Reads of receipts already stored without their points (a CSV import inserts receipts and lines itself,
 * then credits them): what lib/loyalty/stored-receipts.ts evaluates exactly as an API receipt.
 */

const idArray = (ids: readonly number[]) => `{${ids.join(",")}}`;

export interface SaleToAward {
  id: number;
  memberId: string | null;
  /** The member has a sale outside `ids`: stored before, so no receipt among `ids` is their first purchase. */
  memberHasOtherSales: boolean;
}

/**
 * The sales among `ids`, in the order they are credited (time, then id), each with whether its member
 * bought outside them. The anti-join runs once over all ids, where a per-chunk check would count the
 * later chunks' receipts (already stored, not yet credited) as earlier purchases.
 */
export async function listSalesToAward(db: Db, ids: readonly number[]): Promise<SaleToAward[]> {
  if (ids.length === 0) return [];
  const rows = await selectPrepared<{ id: number; member_id: string | null; other_sales: boolean }>(db, {
    text: `with ids as (select distinct unnest($1::bigint[]) as id),
                own as (select t.id, t.member_id, t.occurred_at from transactions t join ids using (id) where t.kind = 'sale'),
                bought as (select distinct s.member_id from transactions s left join ids on ids.id = s.id
                            where s.member_id in (select member_id from own) and s.kind = 'sale' and ids.id is null)
           select o.id::float8 as id, o.member_id, (b.member_id is not null) as other_sales
             from own o left join bought b using (member_id)
            order by o.occurred_at, o.id`,
    params: [idArray(ids)],
  });
  return rows.map((r) => ({ id: Number(r.id), memberId: r.member_id, memberHasOtherSales: r.other_sales === true }));
}

export interface StoredReceipt {
  id: number;
  externalId: string;
  memberExternalId: string | null;
  storeCode: string | null;
  channel: SalesChannel;
  occurredAt: string;
  currency: Currency;
  lines: { lineNo: number; sku: string; category: string | null; quantity: number; amountMinor: number; discountMinor: number }[];
}

/** Receipts with their lines (in line order), member number and store code, as the earning engine reads them. */
export async function readStoredReceipts(db: Db, ids: readonly number[]): Promise<StoredReceipt[]> {
  if (ids.length === 0) return [];
  const rows = await selectPrepared<{ receipt: string }>(db, {
    text: `select json_build_object(
               'id', t.id, 'externalId', t.external_id, 'memberExternalId', m.external_id, 'storeCode', s.code,
               'channel', t.channel, 'occurredAt', t.occurred_at, 'currency', t.currency,
               'lines', (select json_agg(json_build_object('lineNo', l.line_no, 'sku', l.sku, 'category', c.code, 'quantity', l.quantity,
                                                           'amountMinor', l.amount_minor, 'discountMinor', l.discount_minor) order by l.line_no)
                           from transaction_lines l left join categories c on c.id = l.category_id where l.transaction_id = t.id))::text as receipt
             from transactions t
             left join members m on m.id = t.member_id
             left join stores s on s.id = t.store_id
            where t.id = any($1::bigint[])`,
    params: [idArray(ids)],
  });
  return rows.map((r) => {
    const receipt = JSON.parse(r.receipt) as StoredReceipt & { lines: StoredReceipt["lines"] | null };
    return { ...receipt, id: Number(receipt.id), lines: (receipt.lines ?? []).map((l) => ({ ...l, amountMinor: Number(l.amountMinor), discountMinor: Number(l.discountMinor) })) };
  });
}
