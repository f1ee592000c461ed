import { z } from "zod";
import { currency, salesChannel, type Currency, type SalesChannel } from "@/db/schema/enums";
import { errorValue, type RowError } from "./row-errors";
import { optionalCell, parseRow, requiredCell, type MappedCells, type RowResult } from "./row-schema";
import { fail, parseDateTime, parseMinorUnits, parseOneOf, parsePositiveInteger, parseText, type DecimalOptions } from "./values";

/** A transaction row that passed its own checks; references (store, member, category) are checked in SQL. */
export interface StagedLine {
  rowNumber: number;
  receiptId: string;
  memberExternalId: string;
  /** Null: the import's online store. */
  storeCode: string | null;
  channel: SalesChannel;
  occurredAt: string | null;
  occurredLocal: string | null;
  sku: string;
  category: string;
  quantity: number;
  amountMinor: number;
  discountMinor: number;
  currency: Currency;
  lineNo: number | null;
  productName: string | null;
}

export interface TransactionRowContext extends DecimalOptions {
  now: Date;
  /** Whether rows with an empty store_code have a store to book to (the import's online store). */
  hasOnlineStore: boolean;
}

const MAX_QUANTITY = 100_000;
const MAX_LINE_NO = 10_000;
/** Clock skew and time zones: a receipt up to a day ahead of the server's clock is still believed. */
const FUTURE_SLACK_MS = 86_400_000;

const ID_LENGTH = 100;
const text = (max: number) => (value: string) => parseText(value, max);

function transactionSchema(context: TransactionRowContext) {
  const minor = (value: string) => parseMinorUnits(value, context);
  return z.object({
    receipt_id: requiredCell(text(ID_LENGTH)),
    member_external_id: requiredCell(text(ID_LENGTH)),
    store_code: optionalCell(text(ID_LENGTH)),
    channel: requiredCell((value) => parseOneOf(value, salesChannel.enumValues)),
    occurred_at: requiredCell((value) => {
      const parsed = parseDateTime(value, { dateOnly: false });
      if (parsed.ok && parsed.value.approxMs > context.now.getTime() + FUTURE_SLACK_MS) return fail("in_future");
      return parsed;
    }),
    sku: requiredCell(text(ID_LENGTH)),
    category: requiredCell(text(ID_LENGTH)),
    quantity: requiredCell((value) => parsePositiveInteger(value, MAX_QUANTITY)),
    amount: requiredCell(minor),
    currency: requiredCell((value) => parseOneOf(value, currency.enumValues)),
    // May be left out of the mapping (lines are then numbered in file order), but not left empty when mapped.
    line_no: optionalCell((value) => parsePositiveInteger(value, MAX_LINE_NO)),
    discount: optionalCell(minor),
    product_name: optionalCell(text(200)),
  });
}

/**
 * Checks that need two cells: a till receipt names its store; an online one may leave store_code empty
 * and books to the import's online store, which must then be chosen.
 */
function storeErrors(rowNumber: number, cells: MappedCells, context: TransactionRowContext): RowError[] {
  if (cells.store_code) return [];
  const channel = cells.channel?.toLowerCase();
  if (channel === "pos") return [{ rowNumber, field: "store_code", code: "store_required", value: null, params: {} }];
  if ((channel === "online" || channel === "app") && !context.hasOnlineStore) {
    return [{ rowNumber, field: "store_code", code: "no_online_store", value: null, params: {} }];
  }
  return [];
}

export type TransactionRowResult = RowResult<StagedLine> & { receiptId: string | null };

/** Reads one mapped row into a staged line, or every reason it is bad. */
export function createTransactionRowParser(context: TransactionRowContext, lineNoMapped: boolean) {
  const schema = transactionSchema(context);
  return (rowNumber: number, cells: MappedCells): TransactionRowResult => {
    const receiptId = cells.receipt_id ? cells.receipt_id : null;
    const parsed = parseRow(schema, rowNumber, cells);
    const extra = storeErrors(rowNumber, cells, context);
    if (lineNoMapped && !cells.line_no) extra.push({ rowNumber, field: "line_no", code: "required", value: errorValue(cells.line_no), params: {} });
    if (!parsed.ok) return { ok: false, errors: [...parsed.errors, ...extra.filter((e) => !parsed.errors.some((p) => p.field === e.field))], receiptId };
    if (extra.length > 0) return { ok: false, errors: extra, receiptId };
    const row = parsed.value;
    return {
      ok: true,
      receiptId,
      value: {
        rowNumber,
        receiptId: row.receipt_id,
        memberExternalId: row.member_external_id,
        storeCode: row.store_code,
        channel: row.channel,
        occurredAt: row.occurred_at.instant,
        occurredLocal: row.occurred_at.local,
        sku: row.sku,
        category: row.category,
        quantity: row.quantity,
        amountMinor: row.amount,
        discountMinor: row.discount ?? 0,
        currency: row.currency,
        lineNo: row.line_no,
        productName: row.product_name,
      },
    };
  };
}
