import { eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createImportWorld, uploadCsv, type ImportWorld } from "@/test/import-fixtures";
import { csvLine } from "@/test/import-files";
import { openTestDatabase, uniqueTag } from "@/test/db";
import { previewImport, runImport } from "@/lib/import/run";
import type { DbHandle } from "../client";
import { importErrors, members } from "../schema";

const NOW = new Date("2025-01-15T12:00:00Z");
const HEADER = ["external_id", "email", "first_name", "last_name", "birth_date", "postcode", "city", "home_store_code", "joined_at", "phone", "country"];

let handle: DbHandle;
let world: ImportWorld;

beforeAll(async () => {
  handle = await openTestDatabase();
  world = await createImportWorld(handle, uniqueTag("mim"), 2);
});

afterAll(async () => {
  await handle.close();
});

const id = (n: number) => `${world.tag}-N${String(n).padStart(3, "0")}`;

function memberLine(n: number, change: Partial<Record<string, string>> = {}): string {
  const cells: Record<string, string> = {
    external_id: id(n),
    email: `member${n}@${world.tag}.example`,
    first_name: `Anna${n}`,
    last_name: "Lund",
    birth_date: "1990-04-0" + ((n % 9) + 1),
    postcode: "10115",
    city: "Berlin",
    home_store_code: world.stores.berlin,
    joined_at: "2023-05-01",
    phone: "",
    country: "de",
    ...change,
  };
  return csvLine(HEADER.map((h) => cells[h] ?? ""));
}

async function read(externalIds: string[]) {
  return handle.db
    .select({ externalId: members.externalId, email: members.email, city: members.city, phone: members.phone, countryCode: members.countryCode, joinedAt: members.joinedAt })
    .from(members)
    .where(inArray(members.externalId, externalIds))
    .orderBy(members.externalId);
}

describe("members CSV import", () => {
  it("inserts new members; a second file updates the changed fields, keeps values of empty cells and skips unchanged rows", async () => {
    const first = csvLine(HEADER) + Array.from({ length: 10 }, (_, i) => memberLine(i + 1)).join("");
    const counts = await runImport(handle, await uploadCsv(handle, world, "members", first), { now: NOW });
    expect(counts).toMatchObject({ totalRows: 10, validRows: 10, invalidRows: 0, insertedRows: 10, updatedRows: 0, duplicateRows: 0 });
    const [one] = await read([id(1)]);
    expect(one).toMatchObject({ email: `member1@${world.tag}.example`, city: "Berlin", countryCode: "DE" });

    const second =
      csvLine(HEADER) +
      memberLine(1, { city: "Hamburg", phone: "+49 30 1234" }) +
      memberLine(2, { email: `new2@${world.tag}.example` }) +
      memberLine(3, { city: "", email: "" }) +
      Array.from({ length: 7 }, (_, i) => memberLine(i + 4)).join("") +
      memberLine(11);
    const id2 = await uploadCsv(handle, world, "members", second);
    const preview = await previewImport(handle, id2, { limit: 100, now: NOW });
    const again = await runImport(handle, id2, { now: NOW });
    expect(again).toEqual(preview.counts);
    expect(again).toMatchObject({ totalRows: 11, validRows: 11, insertedRows: 1, updatedRows: 2, duplicateRows: 8 });
    const rows = await read([id(1), id(2), id(3), id(11)]);
    expect(rows.map((r) => [r.externalId, r.email, r.city, r.phone])).toEqual([
      [id(1), `member1@${world.tag}.example`, "Hamburg", "+49 30 1234"],
      [id(2), `new2@${world.tag}.example`, "Berlin", null],
      [id(3), `member3@${world.tag}.example`, "Berlin", null],
      [id(11), `member11@${world.tag}.example`, "Berlin", null],
    ]);

    const third = await runImport(handle, await uploadCsv(handle, world, "members", second), { now: NOW });
    expect(third).toMatchObject({ validRows: 11, insertedRows: 0, updatedRows: 0, duplicateRows: 11 });
  });

  it("reports bad member rows by row and field and writes none of them", async () => {
    const text =
      csvLine(HEADER) +
      memberLine(21, { email: "not-an-email" }) +
      memberLine(22, { birth_date: "1990-02-30" }) +
      memberLine(23, { home_store_code: `${world.tag}-NOWHERE` }) +
      memberLine(24, { joined_at: "" }) +
      memberLine(25, { country: "Germany" }) +
      csvLine(HEADER.map((h) => (h === "external_id" ? world.erasedMember : h === "joined_at" ? "2023-01-01" : ""))) +
      memberLine(26) +
      memberLine(26, { city: "Köln" });
    const importId = await uploadCsv(handle, world, "members", text);
    const counts = await runImport(handle, importId, { now: NOW });
    expect(counts).toMatchObject({ totalRows: 8, validRows: 1, invalidRows: 7, insertedRows: 1 });
    const errors = await handle.db
      .select({ row: importErrors.rowNumber, field: importErrors.field, code: importErrors.code })
      .from(importErrors)
      .where(eq(importErrors.importId, importId))
      .orderBy(importErrors.rowNumber);
    expect(errors).toEqual([
      { row: 2, field: "email", code: "not_email" },
      { row: 3, field: "birth_date", code: "not_date" },
      { row: 4, field: "home_store_code", code: "unknown_store" },
      { row: 5, field: "joined_at", code: "required" },
      { row: 6, field: "country", code: "not_country" },
      { row: 7, field: "external_id", code: "erased_member" },
      { row: 9, field: "external_id", code: "duplicate_member" },
    ]);
    expect(await handle.db.select({ id: members.id }).from(members).where(like(members.externalId, `${world.tag}-N02%`))).toHaveLength(1);
    const [erased] = await handle.db.select({ status: members.status, email: members.email }).from(members).where(eq(members.externalId, world.erasedMember));
    expect(erased).toEqual({ status: "erased", email: null });
  });

  it("a failure after staging writes no member", async () => {
    const text = csvLine(HEADER) + memberLine(31) + memberLine(1, { city: "Dresden" });
    const importId = await uploadCsv(handle, world, "members", text);
    await expect(runImport(handle, importId, { now: NOW, failAfterStage: true })).rejects.toThrow("forced failure after staging");
    expect(await read([id(31)])).toHaveLength(0);
    expect((await read([id(1)]))[0]?.city).toBe("Hamburg");
  });
});
