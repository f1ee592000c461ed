import { readFileSync } from "node:fs";
import path from "node:path";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { ROW_ERROR_CODES } from "@/lib/import/row-errors";
import { rowErrorLine, rowErrorText, type ImportTranslator } from "./row-error-text";

function translator(locale: string): ImportTranslator {
  const messages = JSON.parse(readFileSync(path.join(process.cwd(), "messages", locale, "import.json"), "utf8"));
  const t = createTranslator({ locale, messages: { import: messages }, namespace: "import" });
  return (key, values) => t(key as never, values as never);
}

describe("row error messages", () => {
  it("reads 'row 17, amount: 'abc' is not a decimal number' in English", () => {
    const t = translator("en");
    expect(rowErrorLine(t, { rowNumber: 17, field: "amount", code: "not_decimal", value: "abc", params: {} })).toBe(
      "row 17, amount: 'abc' is not a decimal number",
    );
    expect(rowErrorText(t, { code: "receipt_incomplete", value: "R-9", params: { row: 5 } })).toBe("receipt 'R-9' is held back because row 5 has errors");
  });

  it("has a message for every error code in every language, with the cell quoted", () => {
    for (const locale of ["en", "de", "pl", "sv", "ar"]) {
      const t = translator(locale);
      for (const code of ROW_ERROR_CODES) {
        const text = rowErrorText(t, { code, value: "X-VALUE", params: { max: 2, min: "1900-01-01", allowed: "EUR, SEK", count: 3, expected: 4, row: 9, receipt: "R1", fields: "channel", kind: "physical", store: "BER-01", currency: "SEK" } });
        expect(text, `${locale} ${code}`).not.toMatch(/rowErrors|\{|\}/);
        if (code !== "required" && code !== "field_count" && code !== "store_required" && code !== "no_online_store") expect(text, `${locale} ${code}`).toContain("X-VALUE");
      }
    }
  });
});
