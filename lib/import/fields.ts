import type { ImportKind } from "@/db/schema/imports";

export interface FieldSpec {
  name: string;
  /** The column must be mapped (whether a cell may be empty is the row schema's business). */
  required: boolean;
  /** Other header titles that suggest this field (compared after normalising, see normaliseTitle). */
  aliases: readonly string[];
}

/** One row per line item; the rows of a receipt share receipt_id. Documented in docs/import.md. */
export const TRANSACTION_FIELDS = [
  { name: "receipt_id", required: true, aliases: ["receipt", "receipt_no", "receipt_number", "transaction_id", "order_id", "bon"] },
  { name: "member_external_id", required: true, aliases: ["member", "member_id", "member_number", "card", "card_number", "customer_id"] },
  { name: "store_code", required: true, aliases: ["store", "store_id", "shop", "shop_code"] },
  { name: "channel", required: true, aliases: ["sales_channel"] },
  { name: "occurred_at", required: true, aliases: ["date", "datetime", "timestamp", "time", "purchased_at", "sold_at"] },
  { name: "sku", required: true, aliases: ["product_code", "article", "article_number", "item_code"] },
  { name: "category", required: true, aliases: ["category_code", "product_category"] },
  { name: "quantity", required: true, aliases: ["qty", "count", "units"] },
  { name: "amount", required: true, aliases: ["line_amount", "line_total", "amount_paid", "total"] },
  { name: "currency", required: true, aliases: ["currency_code", "ccy"] },
  { name: "line_no", required: false, aliases: ["line", "line_number", "position"] },
  { name: "discount", required: false, aliases: ["discount_amount", "line_discount"] },
  { name: "product_name", required: false, aliases: ["product", "item_name", "description"] },
] as const satisfies readonly FieldSpec[];

export const MEMBER_FIELDS = [
  { name: "external_id", required: true, aliases: ["member_id", "member_number", "member_external_id", "card_number", "customer_id"] },
  { name: "email", required: true, aliases: ["e_mail", "email_address", "mail"] },
  { name: "first_name", required: true, aliases: ["firstname", "given_name", "forename"] },
  { name: "last_name", required: true, aliases: ["lastname", "surname", "family_name"] },
  { name: "birth_date", required: true, aliases: ["birthdate", "date_of_birth", "dob", "birthday"] },
  { name: "postcode", required: true, aliases: ["postal_code", "zip", "zip_code", "plz"] },
  { name: "city", required: true, aliases: ["town"] },
  { name: "home_store_code", required: true, aliases: ["home_store", "store_code", "store"] },
  { name: "joined_at", required: true, aliases: ["joined", "join_date", "signup_date", "member_since", "created_at"] },
  { name: "phone", required: false, aliases: ["phone_number", "mobile", "telephone"] },
  { name: "country", required: false, aliases: ["country_code"] },
  { name: "locale", required: false, aliases: ["language", "lang"] },
] as const satisfies readonly FieldSpec[];

export type TransactionField = (typeof TRANSACTION_FIELDS)[number]["name"];
export type MemberField = (typeof MEMBER_FIELDS)[number]["name"];

export function fieldsOf(kind: ImportKind): readonly FieldSpec[] {
  return kind === "members" ? MEMBER_FIELDS : TRANSACTION_FIELDS;
}

/** Field name -> index of the file column it is read from. Unmapped fields are absent. */
export type ColumnMapping = Record<string, number>;

/** "Receipt ID", "receipt-id" and "receiptId" all become "receipt_id". */
export function normaliseTitle(title: string): string {
  return title
    .replace(/^\uFEFF/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/**
 * Suggests a column for each field from the header: an exact field name first, then an alias; each column
 * is used once, and required fields pick before optional ones.
 */
export function suggestMapping(kind: ImportKind, header: readonly string[]): ColumnMapping {
  const titles = header.map(normaliseTitle);
  const taken = new Set<number>();
  const mapping: ColumnMapping = {};
  const fields = [...fieldsOf(kind)].sort((a, b) => Number(b.required) - Number(a.required));
  for (const pass of ["name", "alias"] as const) {
    for (const field of fields) {
      if (field.name in mapping) continue;
      const candidates = pass === "name" ? [field.name] : field.aliases;
      const index = titles.findIndex((title, i) => !taken.has(i) && candidates.includes(title));
      if (index >= 0) {
        mapping[field.name] = index;
        taken.add(index);
      }
    }
  }
  return mapping;
}

/** Required fields that the mapping leaves out, and columns mapped twice or out of range. */
export function mappingProblems(kind: ImportKind, mapping: ColumnMapping, columnCount: number): { missing: string[]; invalid: string[] } {
  const known = new Set(fieldsOf(kind).map((f) => f.name));
  const missing = fieldsOf(kind)
    .filter((f) => f.required && mapping[f.name] === undefined)
    .map((f) => f.name);
  const seen = new Set<number>();
  const invalid: string[] = [];
  for (const [field, index] of Object.entries(mapping)) {
    if (!known.has(field) || !Number.isInteger(index) || index < 0 || index >= columnCount || seen.has(index)) invalid.push(field);
    seen.add(index);
  }
  return { missing, invalid };
}
