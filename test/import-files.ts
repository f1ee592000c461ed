import type { ImportWorld } from "./import-fixtures";

/**
 * Generated CSV files for the import tests and the import benchmark, with the outcome each row must have
 * worked out while writing it (not by the code under test).
 */

/** A small deterministic generator (mulberry32), so a failing file can be regenerated exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** RFC 4180: quote a cell holding the delimiter, a quote or a line break, doubling its quotes. */
export function csvLine(cells: readonly string[], delimiter = ","): string {
  return cells.map((c) => (c.includes(delimiter) || /["\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(delimiter) + "\r\n";
}

export const TRANSACTION_HEADER = [
  "receipt_id", "member_external_id", "store_code", "channel", "occurred_at", "sku", "category",
  "quantity", "amount", "currency", "line_no", "discount", "product_name",
] as const;
type Cell = (typeof TRANSACTION_HEADER)[number];
type Line = Record<Cell, string>;

/** The ways a generated receipt is spoilt, with the field and code each bad row must be reported with. */
export const RECEIPT_DEFECTS = [
  { kind: "unknown_store", scope: "receipt", field: "store_code" },
  { kind: "unknown_member", scope: "receipt", field: "member_external_id" },
  { kind: "erased_member", scope: "receipt", field: "member_external_id" },
  { kind: "bad_currency", scope: "receipt", field: "currency", code: "not_allowed" },
  { kind: "store_channel_mismatch", scope: "receipt", field: "store_code" },
  { kind: "store_currency_mismatch", scope: "receipt", field: "currency" },
  { kind: "inconsistent", scope: "receipt", field: "receipt_id", code: "receipt_inconsistent" },
  { kind: "bad_date", scope: "line", field: "occurred_at", code: "not_datetime" },
  { kind: "negative_quantity", scope: "line", field: "quantity", code: "not_positive_integer" },
  { kind: "too_many_decimals", scope: "line", field: "amount", code: "too_many_decimals" },
  { kind: "not_decimal", scope: "line", field: "amount", code: "not_decimal" },
  { kind: "unknown_category", scope: "line", field: "category", code: "unknown_category" },
  { kind: "missing_store", scope: "line", field: "store_code", code: "store_required" },
  { kind: "field_count", scope: "line", field: "row", code: "field_count" },
] as const;
export type DefectKind = (typeof RECEIPT_DEFECTS)[number]["kind"];

export interface ExpectedOutcome {
  rows: number;
  validRows: number;
  invalidRows: number;
  validReceipts: number;
  /** Sum of the valid rows' amounts, minor units per currency. */
  validAmounts: Record<string, number>;
  /** Bad row number -> the field and code it must be reported with. */
  badRows: Map<number, { field: string; code: string; defect: DefectKind }>;
}

export interface GeneratedFile {
  text: string;
  expected: ExpectedOutcome;
}

interface Receipt {
  id: string;
  lines: Line[];
  defect: (typeof RECEIPT_DEFECTS)[number] | null;
  /** The line a line-scoped defect spoils. */
  spoilt: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");
const money = (minor: number) => `${Math.floor(minor / 100)}.${pad(minor % 100, 2)}`;

function makeReceipt(world: ImportWorld, index: number, random: () => number): Receipt {
  const member = world.members[index % world.members.length]!;
  const where = random();
  const [storeCode, channel, currency] =
    where < 0.5 ? [world.stores.berlin, "pos", "EUR"] : where < 0.7 ? [world.stores.stockholm, "pos", "SEK"] : ["", random() < 0.5 ? "online" : "app", "EUR"];
  // Ten minutes apart: 100,000 receipts span two years, all in the past.
  const at = new Date(Date.UTC(2023, 0, 1, 9) + index * 600_000 + Math.floor(random() * 500) * 1000);
  const occurredAt = random() < 0.5 ? at.toISOString() : `${at.toISOString().slice(0, 19)}+00:00`;
  const lineCount = 1 + Math.floor(random() * 4);
  const lines: Line[] = [];
  for (let n = 1; n <= lineCount; n++) {
    const skuNo = Math.floor(random() * 12);
    const known = skuNo === 0;
    const amount = 50 + Math.floor(random() * 5_000);
    lines.push({
      receipt_id: `${world.tag}-R${pad(index + 1, 6)}`,
      member_external_id: member,
      store_code: storeCode,
      channel,
      occurred_at: occurredAt,
      sku: known ? world.knownSku : `${world.tag}-SKU-${skuNo}`,
      category: known || skuNo % 2 === 0 ? world.categories.coffee : world.categories.books,
      quantity: String(1 + Math.floor(random() * 3)),
      amount: money(amount),
      currency,
      line_no: String(n),
      discount: random() < 0.2 ? "0.50" : "",
      product_name: known ? "" : `Product ${skuNo}, "special"`,
    });
  }
  return { id: lines[0]!.receipt_id, lines, defect: null, spoilt: Math.floor(random() * lineCount) };
}

function spoil(world: ImportWorld, receipt: Receipt): void {
  const defect = receipt.defect;
  if (!defect) return;
  const all = receipt.lines;
  const line = all[receipt.spoilt]!;
  switch (defect.kind) {
    case "unknown_store":
      for (const l of all) [l.store_code, l.channel] = [`${world.tag}-NOWHERE`, "pos"];
      break;
    case "unknown_member":
      for (const l of all) l.member_external_id = `${world.tag}-NOBODY`;
      break;
    case "erased_member":
      for (const l of all) l.member_external_id = world.erasedMember;
      break;
    case "bad_currency":
      for (const l of all) l.currency = "EURO";
      break;
    case "store_channel_mismatch":
      // A till receipt booked to the web shop.
      for (const l of all) [l.store_code, l.channel, l.currency] = [world.stores.web, "pos", "EUR"];
      break;
    case "store_currency_mismatch":
      for (const l of all) [l.store_code, l.channel, l.currency] = [world.stores.stockholm, "pos", "EUR"];
      break;
    case "inconsistent": {
      // Another line with the same receipt id, a minute later: every row of the receipt is held back.
      const later = new Date(Date.parse(all[0]!.occurred_at) + 60_000).toISOString();
      all.push({ ...all[0]!, line_no: String(all.length + 1), occurred_at: later });
      break;
    }
    case "bad_date":
      line.occurred_at = "2024-02-30T10:00:00Z";
      break;
    case "negative_quantity":
      line.quantity = "-2";
      break;
    case "too_many_decimals":
      line.amount = "3.999";
      break;
    case "not_decimal":
      line.amount = "abc";
      break;
    case "unknown_category":
      line.category = `${world.tag}-no-such-category`;
      break;
    case "missing_store":
      [line.store_code, line.channel] = ["", "pos"];
      break;
    case "field_count":
      break;
  }
}

/**
 * A transactions file of `receipts` receipts (1-4 lines each, rows shuffled so a receipt's rows are not
 * adjacent), of which about `badShare` of the rows are bad, every defect kind at least once.
 */
export function generateTransactionsFile(world: ImportWorld, options: { receipts: number; badShare: number; seed: number }): GeneratedFile {
  const random = seededRandom(options.seed);
  const receipts = Array.from({ length: options.receipts }, (_, i) => makeReceipt(world, i, random));
  const totalLines = receipts.reduce((sum, r) => sum + r.lines.length, 0);
  let badLines = 0;
  for (let i = 0; badLines < totalLines * options.badShare || i < RECEIPT_DEFECTS.length; i++) {
    // Every seventh receipt, so spoilt receipts spread over the file.
    const receipt = receipts[(i * 7) % receipts.length]!;
    if (receipt.defect) break;
    receipt.defect = RECEIPT_DEFECTS[i % RECEIPT_DEFECTS.length]!;
    spoil(world, receipt);
    badLines += receipt.lines.length;
  }
  const order = receipts.flatMap((r) => r.lines.map((line, n) => ({ receipt: r, line, n })));
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  let text = csvLine(TRANSACTION_HEADER);
  const expected: ExpectedOutcome = { rows: order.length, validRows: 0, invalidRows: 0, validReceipts: 0, validAmounts: {}, badRows: new Map() };
  order.forEach(({ receipt, line, n }, i) => {
    const rowNumber = i + 2;
    const cells = TRANSACTION_HEADER.map((h) => line[h]);
    const defect = receipt.defect;
    const spoilt = defect?.scope === "line" && n === receipt.spoilt;
    text += csvLine(spoilt && defect.kind === "field_count" ? [...cells, "extra"] : cells);
    if (!defect) {
      expected.validRows++;
      expected.validAmounts[line.currency] = (expected.validAmounts[line.currency] ?? 0) + Math.round(Number(line.amount) * 100);
      return;
    }
    expected.invalidRows++;
    const code = defect.scope === "receipt" || spoilt ? ("code" in defect ? defect.code : defect.kind) : "receipt_incomplete";
    const field = defect.scope === "receipt" || spoilt ? defect.field : "receipt_id";
    expected.badRows.set(rowNumber, { field, code, defect: defect.kind });
  });
  expected.validReceipts = receipts.filter((r) => !r.defect).length;
  return { text, expected };
}
