import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createImportWorld, importedFigures, uploadCsv, type ImportWorld } from "@/test/import-fixtures";
import { csvLine, generateTransactionsFile, RECEIPT_DEFECTS, TRANSACTION_HEADER, type GeneratedFile } from "@/test/import-files";
import { openTestDatabase, uniqueTag } from "@/test/db";
import { previewImport, runImport } from "@/lib/import/run";
import { acceptUpload } from "@/lib/import/upload";
import type { DbHandle } from "../client";
import { importErrors, imports, products, transactions } from "../schema";
import { selectRows } from "../sql";
import { getImportSummary, listImportErrors } from "./imports";

const NOW = new Date("2025-01-15T12:00:00Z");

let handle: DbHandle;
let world: ImportWorld;
let file: GeneratedFile;

beforeAll(async () => {
  handle = await openTestDatabase();
  world = await createImportWorld(handle, uniqueTag("imp"));
  file = generateTransactionsFile(world, { receipts: 400, badShare: 0.1, seed: 17 });
});

afterAll(async () => {
  await handle.close();
});

async function errorsOf(importId: string) {
  return handle.db.select().from(importErrors).where(eq(importErrors.importId, importId));
}

describe("transactions CSV import", () => {
  it("the generated file has about 10% bad rows and every kind of defect", () => {
    const { expected } = file;
    expect(expected.invalidRows / expected.rows).toBeGreaterThanOrEqual(0.1);
    expect(expected.invalidRows / expected.rows).toBeLessThan(0.16);
    const kinds = new Set([...expected.badRows.values()].map((b) => b.defect));
    expect([...kinds].sort()).toEqual(RECEIPT_DEFECTS.map((d) => d.kind).sort());
  });

  it("reports every bad row with its field and reason and imports exactly the valid rows, as the preview said", async () => {
    const before = await importedFigures(handle, world);
    expect(before.receipts).toBe(0);
    const id = await uploadCsv(handle, world, "transactions", file.text);

    const preview = await previewImport(handle, id, { limit: Number.MAX_SAFE_INTEGER, now: NOW });
    expect(preview.rows).toHaveLength(file.expected.rows);
    expect(preview.counts).toMatchObject({
      totalRows: file.expected.rows,
      validRows: file.expected.validRows,
      invalidRows: file.expected.invalidRows,
      insertedRows: file.expected.validRows,
      insertedReceipts: file.expected.validReceipts,
      duplicateRows: 0,
      validAmounts: file.expected.validAmounts,
    });
    // The preview rolled back: nothing was written, and the import can still start.
    expect(await importedFigures(handle, world)).toEqual(before);
    expect(await errorsOf(id)).toHaveLength(0);

    const counts = await runImport(handle, id, { now: NOW });
    expect(counts).toEqual(preview.counts);

    const summary = await getImportSummary(handle.db, { id });
    expect(summary).toMatchObject({ status: "succeeded", processedRows: file.expected.rows, ...counts });
    const errors = await errorsOf(id);
    const reported = new Map<number, Array<{ field: string; code: string }>>();
    for (const e of errors) reported.set(e.rowNumber, [...(reported.get(e.rowNumber) ?? []), { field: e.field, code: e.code }]);
    expect([...reported.keys()].sort((a, b) => a - b)).toEqual([...file.expected.badRows.keys()].sort((a, b) => a - b));
    for (const [row, bad] of file.expected.badRows) {
      expect(reported.get(row), `row ${row} (${bad.defect})`).toContainEqual({ field: bad.field, code: bad.code });
    }

    const after = await importedFigures(handle, world);
    const validTotal = Object.values(file.expected.validAmounts).reduce((s, n) => s + n, 0);
    expect(after).toEqual({ receipts: file.expected.validReceipts, lines: file.expected.validRows, totalMinor: validTotal, lineAmountMinor: validTotal });
  });

  it("importing the same file again changes nothing: every valid row is skipped as a duplicate", async () => {
    const before = await importedFigures(handle, world);
    expect(before.receipts).toBe(file.expected.validReceipts);
    const [productsBefore] = await selectRows<{ n: number }>(handle.db, sql`select count(*)::int as n from products where sku like ${`${world.tag}-%`}`);
    const id = await uploadCsv(handle, world, "transactions", file.text);
    const counts = await runImport(handle, id, { now: NOW });
    expect(counts).toMatchObject({
      validRows: file.expected.validRows,
      invalidRows: file.expected.invalidRows,
      insertedRows: 0,
      insertedReceipts: 0,
      duplicateRows: file.expected.validRows,
      duplicateReceipts: file.expected.validReceipts,
    });
    expect(await importedFigures(handle, world)).toEqual(before);
    const [productsAfter] = await selectRows<{ n: number }>(handle.db, sql`select count(*)::int as n from products where sku like ${`${world.tag}-%`}`);
    expect(productsAfter).toEqual(productsBefore);
  });

  it("a failure after staging leaves nothing written: no receipt, no product, no bad row, the import marked failed", async () => {
    const fresh = generateTransactionsFile({ ...world, tag: `${world.tag}-crash` }, { receipts: 30, badShare: 0.1, seed: 5 });
    const id = await uploadCsv(handle, world, "transactions", fresh.text);
    await expect(runImport(handle, id, { now: NOW, failAfterStage: true })).rejects.toThrow("forced failure after staging");
    const [written] = await selectRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from transactions where source = 'csv' and external_id like ${`${world.tag}-crash-%`}`,
    );
    expect(written?.n).toBe(0);
    expect(await handle.db.select().from(products).where(sql`${products.sku} like ${`${world.tag}-crash-%`}`)).toHaveLength(0);
    expect(await errorsOf(id)).toHaveLength(0);
    const [row] = await handle.db.select({ status: imports.status, failure: imports.failure }).from(imports).where(eq(imports.id, id));
    expect(row).toEqual({ status: "failed", failure: "forced failure after staging" });
  });

  it("imported sales carry the previous-sale links of migration 0005, also when a stored sale is later than an imported one", async () => {
    const tag = `${world.tag}-late`;
    const member = world.members[2]!;
    const line = (receipt: string, at: string) =>
      csvLine([receipt, member, world.stores.berlin, "pos", at, world.knownSku, world.categories.coffee, "1", "1.00", "EUR", "1", "", ""]);
    const first = await uploadCsv(handle, world, "transactions", csvLine([...TRANSACTION_HEADER]) + line(`${tag}-3`, "2024-09-03T10:00:00Z"));
    await runImport(handle, first, { now: NOW });
    const late = csvLine([...TRANSACTION_HEADER]) + line(`${tag}-1`, "2024-09-01T10:00:00Z") + line(`${tag}-2`, "2024-09-02T10:00:00Z");
    await runImport(handle, await uploadCsv(handle, world, "transactions", late), { now: NOW });
    const wrong = await selectRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from (
            select t.prev_sale_at, t.prev2_sale_at,
                   lag(t.occurred_at) over w as p1, lag(t.occurred_at, 2) over w as p2
              from transactions t join members m on m.id = t.member_id
             where m.external_id like ${`${world.tag}-M%`} and t.kind = 'sale'
            window w as (partition by t.member_id order by t.occurred_at, t.id)) x
          where prev_sale_at is distinct from p1 or prev2_sale_at is distinct from p2`,
    );
    expect(wrong[0]?.n).toBe(0);
    const [third] = await handle.db.select({ p1: transactions.prevSaleAt }).from(transactions).where(eq(transactions.externalId, `${tag}-3`));
    expect(third?.p1).toEqual(new Date("2024-09-02T10:00:00Z"));
  });

  it("creates a product for a new SKU under its row's category, and lists bad rows a page at a time", async () => {
    const [product] = await handle.db.select({ name: products.name, priceMinor: products.priceMinor }).from(products).where(sql`${products.sku} like ${`${world.tag}-SKU-%`}`).limit(1);
    expect(product?.name).toMatch(/^Product \d+, "special"$/);
    const [first] = await handle.db.select({ id: imports.id }).from(imports).where(eq(imports.fileName, `${world.tag}-transactions.csv`)).orderBy(imports.createdAt).limit(1);
    const page = await listImportErrors(handle.db, { importId: first!.id, page: 2, pageSize: 10 });
    expect(page.rows).toHaveLength(10);
    expect(page.total).toBeGreaterThanOrEqual(file.expected.invalidRows);
    const rowNumbers = page.rows.map((r) => r.rowNumber);
    expect(rowNumbers).toEqual([...rowNumbers].sort((a, b) => a - b));
  });
});

describe("reading a transactions file", () => {
  it("takes a semicolon file with a BOM, decimal commas, quoted cells and local times read in the store's zone", async () => {
    const tag = `${world.tag}-semi`;
    const header = ["Receipt ID", "Member", "Store", "Channel", "Date", "SKU", "Category", "Qty", "Amount", "Currency", "Product name"];
    const row = (receipt: string, store: string, channel: string, date: string, amount: string, name: string) =>
      csvLine([receipt, world.members[0]!, store, channel, date, world.knownSku, world.categories.coffee, "2", amount, "EUR", name], ";");
    const text =
      "\uFEFF" +
      csvLine(header, ";") +
      row(`${tag}-1`, world.stores.berlin, "pos", "2024-07-01 10:00", "12,50", 'Mug; "large"') +
      row(`${tag}-1`, world.stores.berlin, "pos", "2024-07-01 10:00", "1,05", "Spoon\nsilver") +
      row(`${tag}-2`, "", "online", "2024-07-01T10:00:00+02:00", "3", "");
    const id = await uploadCsv(handle, world, "transactions", text);
    const counts = await runImport(handle, id, { now: NOW });
    expect(counts).toMatchObject({ totalRows: 3, validRows: 3, invalidRows: 0, insertedReceipts: 2 });
    const rows = await handle.db
      .select({ externalId: transactions.externalId, total: transactions.totalMinor, at: transactions.occurredAt, storeId: transactions.storeId, items: transactions.itemCount })
      .from(transactions)
      .where(sql`${transactions.source} = 'csv' and ${transactions.externalId} like ${`${tag}-%`}`)
      .orderBy(transactions.externalId);
    // 10:00 in Berlin in July is 08:00 UTC; 12,50 + 1,05 = 13.55 over 2 + 2 items.
    expect(rows[0]).toMatchObject({ total: 1355, items: 4, at: new Date("2024-07-01T08:00:00Z") });
    expect(rows[1]).toMatchObject({ total: 300, storeId: world.webStoreId, at: new Date("2024-07-01T08:00:00Z") });
  });

  it("refuses rows without a store when no online store was chosen, naming the row and field", async () => {
    const tag = `${world.tag}-noweb`;
    const text =
      csvLine([...TRANSACTION_HEADER]) +
      csvLine([`${tag}-1`, world.members[1]!, "", "online", "2024-07-01T10:00:00Z", world.knownSku, world.categories.coffee, "1", "2.00", "EUR", "1", "", ""]);
    const id = await uploadCsv(handle, world, "transactions", text, { onlineStore: false });
    const counts = await runImport(handle, id, { now: NOW });
    expect(counts).toMatchObject({ validRows: 0, invalidRows: 1 });
    const errors = await errorsOf(id);
    expect(errors.map((e) => [e.rowNumber, e.field, e.code])).toEqual([[2, "store_code", "no_online_store"]]);
  });
});

describe("uploads", () => {
  async function importsNamed(fileName: string) {
    return handle.db.select({ id: imports.id }).from(imports).where(eq(imports.fileName, fileName));
  }

  it("refuses a file over the size limit, or not UTF-8, or without rows, and records no import", async () => {
    const upload = (fileName: string, body: string | Uint8Array<ArrayBuffer>) =>
      acceptUpload(handle.db, { kind: "transactions", fileName, body: new Blob([body]).stream(), createdBy: world.staffId });
    const previous = process.env.IMPORT_MAX_BYTES;
    process.env.IMPORT_MAX_BYTES = "64";
    try {
      await expect(upload(`${world.tag}-big.csv`, "x".repeat(65))).rejects.toMatchObject({ code: "invalid_input", fieldErrors: { file: ["too_large"] } });
    } finally {
      if (previous === undefined) delete process.env.IMPORT_MAX_BYTES;
      else process.env.IMPORT_MAX_BYTES = previous;
    }
    await expect(upload(`${world.tag}-latin1.csv`, new Uint8Array(Buffer.from("a,b\n1,M\xfcller\n", "latin1")))).rejects.toMatchObject({ fieldErrors: { file: ["encoding"] } });
    await expect(upload(`${world.tag}-header.csv`, "a,b\n")).rejects.toMatchObject({ fieldErrors: { file: ["no_rows"] } });
    for (const name of ["big", "latin1", "header"]) expect(await importsNamed(`${world.tag}-${name}.csv`)).toHaveLength(0);
  });
});
