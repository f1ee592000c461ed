import "server-only";
import type { StagedLine } from "@/lib/import/transaction-row";
import type { RawSession } from "../client";
import { analyze, resolveCodes } from "./imports-stage";

/** The `source` of every receipt a CSV import writes: (source, external_id) makes a re-import a no-op. */
export const CSV_SOURCE = "csv";

/**
 * The staging table of a transactions import: every data row, the ones that failed their own checks with
 * only their row number and receipt (so the rest of their receipt can be held back too). Temporary and
 * dropped at commit, so a failed import leaves nothing behind.
 */
export async function createTransactionStage(raw: RawSession): Promise<void> {
  await raw.query(
    `create temp table import_lines (
       row_number int not null, receipt_id text, ok boolean not null,
       member_external_id text, store_code text, channel sales_channel,
       occurred_at timestamptz, occurred_local timestamp,
       sku text, category text, quantity int, amount_minor bigint, discount_minor bigint,
       currency currency, line_no int, product_name text
     ) on commit drop`,
  );
}

const STAGE_COLUMNS = [
  "row_number", "receipt_id", "ok", "member_external_id", "store_code", "channel", "occurred_at", "occurred_local",
  "sku", "category", "quantity", "amount_minor", "discount_minor", "currency", "line_no", "product_name",
] as const;

export async function stageLines(raw: RawSession, lines: readonly StagedLine[], badRows: ReadonlyArray<{ rowNumber: number; receiptId: string | null }>): Promise<void> {
  const rows: unknown[][] = lines.map((l) => [
    l.rowNumber, l.receiptId, true, l.memberExternalId, l.storeCode, l.channel, l.occurredAt, l.occurredLocal,
    l.sku, l.category, l.quantity, l.amountMinor, l.discountMinor, l.currency, l.lineNo, l.productName,
  ]);
  for (const bad of badRows) rows.push([bad.rowNumber, bad.receiptId, false, ...Array(STAGE_COLUMNS.length - 3).fill(null)]);
  if (rows.length > 0) await raw.copyIn("import_lines", STAGE_COLUMNS, rows);
}

/**
 * Checks what one row cannot know alone, set-based over the whole file: the store, member and category
 * exist; no line is given twice; all rows of a receipt agree on member, store, channel, time and
 * currency; and a receipt with any bad row is held back whole (its other rows are reported too).
 * Leaves import_lines_valid: the rows that will be written, with their line numbers.
 */
export async function checkTransactionStage(raw: RawSession, params: { importId: string; onlineStoreCode: string | null }): Promise<void> {
  const { importId } = params;
  await analyze(raw, "import_lines");
  await raw.query("create temp table import_online_store (code text) on commit drop");
  await raw.query("insert into import_online_store (code) values ($1)", [params.onlineStoreCode]);
  await resolveCodes(raw, {
    table: "stores",
    into: "import_stores",
    codes: "select coalesce(l.store_code, o.code) as code from import_lines l cross join import_online_store o where l.ok",
  });
  await resolveCodes(raw, { table: "categories", into: "import_categories", codes: "select category as code from import_lines where ok" });
  await raw.query(
    `create temp table import_lines_resolved on commit drop as
     select l.row_number, l.receipt_id, l.member_external_id, l.store_code, l.channel,
            coalesce(l.occurred_at, l.occurred_local at time zone st.timezone) as occurred_at,
            l.sku, l.category, l.quantity, l.amount_minor, l.discount_minor, l.currency, l.line_no, l.product_name,
            st.id as store_id, st.code as store, st.kind as store_kind, st.currency as store_currency,
            m.id as member_id, m.status as member_status, c.id as category_id
       from import_lines l
       cross join import_online_store o
       left join import_stores s on s.code = coalesce(l.store_code, o.code)
       left join stores st on st.id = s.id
       left join members m on m.external_id = l.member_external_id
       left join import_categories c on c.code = l.category
      where l.ok`,
  );
  await raw.query(
    `insert into import_errors (import_id, row_number, field, code, value)
     select $1::uuid, row_number, 'store_code', 'unknown_store', coalesce(store_code, (select code from import_online_store)) from import_lines_resolved where store_id is null
     union all
     select $1::uuid, row_number, 'member_external_id', 'unknown_member', member_external_id from import_lines_resolved where member_id is null
     union all
     select $1::uuid, row_number, 'member_external_id', 'erased_member', member_external_id from import_lines_resolved where member_status = 'erased'
     union all
     select $1::uuid, row_number, 'category', 'unknown_category', category from import_lines_resolved where category_id is null`,
    [importId],
  );
  // What the API refuses too (lib/loyalty/context.ts resolveStore): till receipts book to a physical store,
  // online and app receipts to an online one, and a receipt is in its store's currency.
  await raw.query(
    `insert into import_errors (import_id, row_number, field, code, value, params)
     select $1::uuid, row_number, 'store_code', 'store_channel_mismatch', store, jsonb_build_object('kind', store_kind, 'channel', channel)
       from import_lines_resolved where store_id is not null and (channel = 'pos') <> (store_kind = 'physical')
     union all
     select $1::uuid, row_number, 'currency', 'store_currency_mismatch', currency::text, jsonb_build_object('store', store, 'currency', store_currency)
       from import_lines_resolved where store_id is not null and currency <> store_currency`,
    [importId],
  );
  await raw.query(
    `insert into import_errors (import_id, row_number, field, code, value, params)
     select $1::uuid, row_number, 'line_no', 'duplicate_line', line_no::text, jsonb_build_object('receipt', receipt_id, 'row', first_row)
       from (select row_number, receipt_id, line_no, min(row_number) over (partition by receipt_id, line_no) as first_row
               from import_lines_resolved where line_no is not null) d
      where row_number > first_row`,
    [importId],
  );
  await raw.query(
    `insert into import_errors (import_id, row_number, field, code, value, params)
     select $1::uuid, r.row_number, 'receipt_id', 'receipt_inconsistent', r.receipt_id, jsonb_build_object('fields', b.fields)
       from import_lines_resolved r
       join (select receipt_id, concat_ws(', ',
                    case when count(distinct member_external_id) > 1 then 'member_external_id' end,
                    case when count(distinct store_id) > 1 then 'store_code' end,
                    case when count(distinct channel) > 1 then 'channel' end,
                    case when count(distinct occurred_at) > 1 then 'occurred_at' end,
                    case when count(distinct currency) > 1 then 'currency' end) as fields
               from import_lines_resolved group by receipt_id) b using (receipt_id)
      where b.fields <> ''`,
    [importId],
  );
  // Every row with an error holds its receipt back; the receipt's other rows are reported as held back.
  await raw.query(
    `create temp table import_bad_receipts on commit drop as
     select l.receipt_id, min(l.row_number) as first_bad
       from import_lines l
      where l.receipt_id is not null and l.row_number in (select e.row_number from import_errors e where e.import_id = $1)
      group by l.receipt_id`,
    [importId],
  );
  await raw.query(
    `insert into import_errors (import_id, row_number, field, code, value, params)
     select $1::uuid, r.row_number, 'receipt_id', 'receipt_incomplete', r.receipt_id, jsonb_build_object('row', b.first_bad)
       from import_lines_resolved r join import_bad_receipts b using (receipt_id)
      where r.row_number not in (select e.row_number from import_errors e where e.import_id = $1)`,
    [importId],
  );
  await raw.query(
    `create temp table import_lines_valid on commit drop as
     select r.*, coalesce(r.line_no, row_number() over (partition by r.receipt_id order by r.row_number))::int as line_number
       from import_lines_resolved r
      where not exists (select 1 from import_bad_receipts b where b.receipt_id = r.receipt_id)`,
  );
}

/** Valid rows and what they add up to per currency: what the import will write (or skip as stored). */
export async function summariseValidLines(raw: RawSession): Promise<{ validRows: number; validAmounts: Record<string, number> }> {
  const rows = await raw.query<{ currency: string; n: number; amount: number }>(
    "select currency::text as currency, count(*)::int as n, sum(amount_minor)::float8 as amount from import_lines_valid group by currency order by currency",
  );
  return {
    validRows: rows.reduce((sum, r) => sum + r.n, 0),
    validAmounts: Object.fromEntries(rows.map((r) => [r.currency, r.amount])),
  };
}

export interface AppliedTransactions {
  insertedTransactionIds: number[];
  insertedRows: number;
  insertedReceipts: number;
  duplicateReceipts: number;
}

/**
 * Writes the valid receipts set-based: one INSERT of receipts (a receipt already stored under the same
 * source and id is skipped), products for SKUs the catalogue lacks, then one INSERT of their lines.
 */
export async function applyTransactionStage(raw: RawSession): Promise<AppliedTransactions> {
  await raw.query("create temp table import_receipts_inserted (id bigint primary key, receipt_id text not null) on commit drop");
  // prev_sale_at / prev2_sale_at are computed here, over the members' stored sales and the new receipts
  // in the trigger's order (time, then id; new receipts get ids after every stored one, in the order
  // inserted). The trigger of migration 0005 stays the guarantee: it relinks whatever is not right (a
  // stored sale later than a new one), but it no longer has to update every receipt just inserted.
  await raw.query(
    `with receipts as (
       select receipt_id, member_id, store_id, channel, occurred_at, currency,
              sum(amount_minor) as total_minor, sum(discount_minor) as discount_minor, sum(quantity)::int as item_count
         from import_lines_valid
        group by receipt_id, member_id, store_id, channel, occurred_at, currency
     ), fresh as (
       select r.* from receipts r
        where not exists (select 1 from transactions t where t.source = $1 and t.external_id = r.receipt_id)
     ), timeline as (
       select receipt_id, lag(occurred_at) over w as prev_sale_at, lag(occurred_at, 2) over w as prev2_sale_at
         from (select member_id, occurred_at, null::bigint as id, receipt_id from fresh
               union all
               select t.member_id, t.occurred_at, t.id, null from transactions t
                where t.kind = 'sale' and t.member_id in (select member_id from fresh)) sales
       window w as (partition by member_id order by occurred_at, id nulls last, receipt_id)
     ), ins as (
       insert into transactions (member_id, store_id, channel, kind, occurred_at, prev_sale_at, prev2_sale_at, currency,
                                 total_minor, discount_minor, item_count, source, external_id)
       select f.member_id, f.store_id, f.channel, 'sale', f.occurred_at, l.prev_sale_at, l.prev2_sale_at, f.currency,
              f.total_minor, f.discount_minor, f.item_count, $1, f.receipt_id
         from fresh f join timeline l using (receipt_id)
        order by f.occurred_at, f.receipt_id
       on conflict (source, external_id) do nothing
       returning id, external_id
     )
     insert into import_receipts_inserted (id, receipt_id) select id, external_id from ins`,
    [CSV_SOURCE],
  );
  // A new SKU joins the catalogue under the category of its first row, priced at that row's unit price.
  await raw.query(
    `insert into products (sku, name, category_id, price_minor, currency)
     select distinct on (v.sku) v.sku, coalesce(v.product_name, v.sku), v.category_id,
            round((v.amount_minor + v.discount_minor)::numeric / v.quantity)::int, v.currency
       from import_lines_valid v join import_receipts_inserted i using (receipt_id)
      where not exists (select 1 from products p where p.sku = v.sku)
      order by v.sku, v.row_number
     on conflict (sku) do nothing`,
  );
  const [lines] = await raw.query<{ n: number }>(
    `with ins as (
       insert into transaction_lines (transaction_id, line_no, product_id, sku, category_id, quantity, amount_minor, discount_minor)
       select i.id, v.line_number, p.id, v.sku, v.category_id, v.quantity, v.amount_minor, v.discount_minor
         from import_lines_valid v
         join import_receipts_inserted i using (receipt_id)
         left join products p on p.sku = v.sku
       returning 1
     )
     select count(*)::int as n from ins`,
  );
  const ids = await raw.query<{ id: string | number }>("select id from import_receipts_inserted order by id");
  const [receipts] = await raw.query<{ n: number }>("select count(distinct receipt_id)::int as n from import_lines_valid");
  return {
    insertedTransactionIds: ids.map((r) => Number(r.id)),
    insertedRows: lines?.n ?? 0,
    insertedReceipts: ids.length,
    duplicateReceipts: (receipts?.n ?? 0) - ids.length,
  };
}
