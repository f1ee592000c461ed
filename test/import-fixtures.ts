import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { DbHandle } from "../db/client";
import { saveImportMapping } from "../db/queries/imports";
import { categories, members, products, staffUsers, stores } from "../db/schema";
import type { ImportKind } from "../db/schema/imports";
import { selectRows } from "../db/sql";
import { suggestMapping } from "../lib/import/fields";
import { acceptUpload } from "../lib/import/upload";

/**
 * A small world of uniquely coded stores, categories, members and a staff user for import tests, so
 * they run beside any other data on a shared PostgreSQL.
 */
export interface ImportWorld {
  tag: string;
  staffId: string;
  stores: { berlin: string; stockholm: string; web: string };
  webStoreId: string;
  categories: { coffee: string; books: string };
  /** A SKU already in the catalogue. */
  knownSku: string;
  members: string[];
  erasedMember: string;
}

export async function createImportWorld(handle: DbHandle, tag: string, memberCount = 40): Promise<ImportWorld> {
  // Import tests keep their uploads in a scratch directory of their own.
  process.env.IMPORT_DIR ??= mkdtempSync(path.join(tmpdir(), "loyalist-import-"));
  const db = handle.db;
  const [staff] = await db
    .insert(staffUsers)
    .values({ email: `${tag}@import.test`, name: `Importer ${tag}`, role: "admin", passwordHash: "x" })
    .returning({ id: staffUsers.id });
  const code = (c: string) => `${tag}-${c}`;
  const storeRows = await db
    .insert(stores)
    .values([
      { code: code("BER"), name: "Berlin", kind: "physical", countryCode: "DE", currency: "EUR", timezone: "Europe/Berlin" },
      { code: code("STO"), name: "Stockholm", kind: "physical", countryCode: "SE", currency: "SEK", timezone: "Europe/Stockholm" },
      { code: code("WEB"), name: "Web shop", kind: "online", countryCode: "DE", currency: "EUR", timezone: "Europe/Berlin" },
    ])
    .returning({ id: stores.id, code: stores.code });
  const [coffee, books] = await db
    .insert(categories)
    .values([
      { code: code("coffee"), name: "Coffee" },
      { code: code("books"), name: "Books" },
    ])
    .returning({ id: categories.id });
  await db.insert(products).values({ sku: code("KNOWN-1"), name: "Known product", categoryId: coffee!.id, priceMinor: 450, currency: "EUR" });
  const memberIds = Array.from({ length: memberCount }, (_, i) => code(`M${String(i + 1).padStart(4, "0")}`));
  await db.insert(members).values(memberIds.map((externalId, i) => ({ externalId, firstName: `First${i}`, joinedAt: new Date("2023-01-01T00:00:00Z") })));
  await db.insert(members).values({ externalId: code("ERASED"), status: "erased", joinedAt: new Date("2023-01-01T00:00:00Z") });
  return {
    tag,
    staffId: staff!.id,
    stores: { berlin: code("BER"), stockholm: code("STO"), web: code("WEB") },
    webStoreId: storeRows.find((s) => s.code === code("WEB"))!.id,
    categories: { coffee: code("coffee"), books: code("books") },
    knownSku: code("KNOWN-1"),
    members: memberIds,
    erasedMember: code("ERASED"),
  };
}

/** Uploads a CSV text as the world's staff user and maps it as suggested from its header. */
export async function uploadCsv(
  handle: DbHandle,
  world: ImportWorld,
  kind: ImportKind,
  text: string,
  options: { onlineStore?: boolean } = {},
): Promise<string> {
  const upload = await acceptUpload(handle.db, {
    kind,
    fileName: `${world.tag}-${kind}.csv`,
    body: new Blob([text]).stream(),
    createdBy: world.staffId,
  });
  await saveImportMapping(handle.db, {
    id: upload.id,
    mapping: suggestMapping(kind, upload.header),
    onlineStoreId: kind === "transactions" && options.onlineStore !== false ? world.webStoreId : null,
  });
  return upload.id;
}

export interface ReceiptFigures {
  receipts: number;
  lines: number;
  totalMinor: number;
  lineAmountMinor: number;
}

/** The receipts the world's CSV imports wrote (their ids start with the tag), counted and summed. */
export async function importedFigures(handle: DbHandle, world: ImportWorld): Promise<ReceiptFigures> {
  const [row] = await selectRows<ReceiptFigures>(
    handle.db,
    sql`select count(distinct t.id)::int as receipts, count(l.line_no)::int as lines,
               coalesce((select sum(total_minor) from transactions where source = 'csv' and external_id like ${`${world.tag}-%`}), 0)::float8 as "totalMinor",
               coalesce(sum(l.amount_minor), 0)::float8 as "lineAmountMinor"
          from transactions t left join transaction_lines l on l.transaction_id = t.id
         where t.source = 'csv' and t.external_id like ${`${world.tag}-%`}`,
  );
  return row!;
}
