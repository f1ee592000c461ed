import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectDelimiter, inspectCsvFile, readCsvRows, CsvFileError } from "./csv-file";
import { mappingProblems, normaliseTitle, suggestMapping } from "./fields";
import { createMemberRowParser } from "./member-row";
import { mapCells } from "./row-schema";
import { createTransactionRowParser } from "./transaction-row";

const NOW = new Date("2025-01-15T12:00:00Z");
const dir = mkdtempSync(path.join(tmpdir(), "loyalist-csv-"));

function file(name: string, content: string | Buffer): string {
  const target = path.join(dir, name);
  writeFileSync(target, content);
  return target;
}

describe("column mapping", () => {
  it("suggests each field's column from its name or an alias, each column once", () => {
    const header = ["Receipt No", "Card Number", "Shop", "channel", "Date", "SKU", "Category", "Qty", "Amount", "Currency", "Notes"];
    expect(suggestMapping("transactions", header)).toEqual({
      receipt_id: 0,
      member_external_id: 1,
      store_code: 2,
      channel: 3,
      occurred_at: 4,
      sku: 5,
      category: 6,
      quantity: 7,
      amount: 8,
      currency: 9,
    });
    expect(normaliseTitle("\uFEFFmemberExternalId")).toBe("member_external_id");
  });

  it("names required fields left out and columns used twice", () => {
    expect(mappingProblems("members", { external_id: 0, email: 0 }, 3)).toEqual({
      missing: ["first_name", "last_name", "birth_date", "postcode", "city", "home_store_code", "joined_at"],
      invalid: ["email"],
    });
    expect(mappingProblems("members", { external_id: 5 }, 3).invalid).toEqual(["external_id"]);
  });
});

describe("reading CSV files", () => {
  it("detects the delimiter from the header, ignoring quoted ones", () => {
    expect(detectDelimiter("a;b;c\n1,5;2;3")).toBe(";");
    expect(detectDelimiter('"a;b",c,d\n')).toBe(",");
    expect(detectDelimiter("a\tb\tc")).toBe("\t");
    expect(detectDelimiter("single")).toBe(",");
  });

  it("numbers rows as a spreadsheet does: quoted line breaks stay in one row, blank lines keep their number", async () => {
    const target = file("rows.csv", '\uFEFFa,b\r\n1,"two\nlines"\r\n\r\n,\r\n3,"say ""hi"""\r\n');
    const rows = [];
    for await (const row of readCsvRows(target, ",")) rows.push(row);
    expect(rows).toEqual([
      { header: ["a", "b"] },
      { rowNumber: 2, cells: ["1", "two\nlines"] },
      { rowNumber: 5, cells: ["3", 'say "hi"'] },
    ]);
    expect(await inspectCsvFile(target)).toEqual({
      delimiter: ",",
      header: ["a", "b"],
      totalRows: 2,
      sampleRows: [
        ["1", "two\nlines"],
        ["3", 'say "hi"'],
      ],
    });
  });

  it("refuses a file that is not UTF-8 or has an unclosed quote, naming the row", async () => {
    await expect(inspectCsvFile(file("latin1.csv", Buffer.from("a,b\n1,M\xfcller\n", "latin1")))).rejects.toMatchObject({ reason: "encoding" });
    const unclosed = inspectCsvFile(file("quote.csv", 'a,b\n1,2\n3,"oops\n'));
    await expect(unclosed).rejects.toBeInstanceOf(CsvFileError);
    await expect(unclosed).rejects.toMatchObject({ reason: "syntax", row: 3 });
    await expect(inspectCsvFile(file("empty.csv", ""))).rejects.toMatchObject({ reason: "empty" });
  });
});

describe("transaction rows", () => {
  const header = ["receipt_id", "member_external_id", "store_code", "channel", "occurred_at", "sku", "category", "quantity", "amount", "currency"];
  const mapping = suggestMapping("transactions", header);
  const parse = createTransactionRowParser({ now: NOW, decimalComma: false, hasOnlineStore: false }, false);
  const row = (...cells: string[]) => mapCells(cells, mapping);

  it("reads a good row into integer minor units and enum values", () => {
    expect(parse(2, row("R1", "M1", "BER-01", "POS", "2024-05-01T10:00:00Z", "SKU-1", "coffee", "2", "9.80", "eur"))).toMatchObject({
      ok: true,
      value: { rowNumber: 2, receiptId: "R1", channel: "pos", quantity: 2, amountMinor: 980, discountMinor: 0, currency: "EUR", storeCode: "BER-01" },
    });
  });

  it("names every bad field of a row at once", () => {
    const result = parse(17, row("R1", "", "", "pos", "yesterday", "SKU-1", "coffee", "-1", "abc", "EURO"));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.receiptId).toBe("R1");
    expect(result.errors.map((e) => [e.rowNumber, e.field, e.code, e.value])).toEqual([
      [17, "member_external_id", "required", ""],
      [17, "occurred_at", "not_datetime", "yesterday"],
      [17, "quantity", "not_positive_integer", "-1"],
      [17, "amount", "not_decimal", "abc"],
      [17, "currency", "not_allowed", "EURO"],
      [17, "store_code", "store_required", null],
    ]);
  });

  it("refuses a receipt dated after tomorrow", () => {
    expect(parse(2, row("R1", "M1", "S", "pos", "2025-01-17T10:00:00Z", "S", "c", "1", "1", "EUR"))).toMatchObject({ ok: false, errors: [{ code: "in_future" }] });
  });
});

describe("member rows", () => {
  const header = ["external_id", "email", "first_name", "last_name", "birth_date", "postcode", "city", "home_store_code", "joined_at", "country"];
  const mapping = suggestMapping("members", header);
  const parse = createMemberRowParser(NOW);

  it("keeps empty optional cells as null and upper-cases the country", () => {
    expect(parse(2, mapCells(["M1", "", "Ada", "", "", "", "", "", "2024-01-02T10:00:00Z", "se"], mapping))).toEqual({
      ok: true,
      value: {
        rowNumber: 2, externalId: "M1", email: null, phone: null, firstName: "Ada", lastName: null, birthDate: null, postcode: null,
        city: null, countryCode: "SE", locale: null, homeStoreCode: null, joinedAt: "2024-01-02T10:00:00Z", joinedLocal: null,
      },
    });
  });

  it("refuses birth dates before 1900 or after today", () => {
    const born = (date: string) => parse(2, mapCells(["M1", "", "", "", date, "", "", "", "2024-01-02", ""], mapping));
    expect(born("1899-12-31")).toMatchObject({ ok: false, errors: [{ field: "birth_date", code: "too_early" }] });
    expect(born("2025-02-01")).toMatchObject({ ok: false, errors: [{ field: "birth_date", code: "in_future" }] });
  });
});
