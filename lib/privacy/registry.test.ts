import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { selectRows } from "@/db/sql";
import { openTestDatabase } from "@/test/db";
import { MEMBER_DATA, OTHER_TABLES, REGISTRY_SCHEMAS } from "./registry";

let handle: DbHandle;
let columns: Array<{ table: string; column: string; type: string }>;
let memberRefs: Set<string>;

const qualified = (schema: string, table: string) => (schema === "public" ? table : `${schema}.${table}`);

beforeAll(async () => {
  handle = await openTestDatabase();
  const rows = await selectRows<{ table_schema: string; table_name: string; column_name: string; data_type: string }>(
    handle.db,
    sql`SELECT c.table_schema, c.table_name, c.column_name, c.data_type FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
        WHERE c.table_schema IN ${[...REGISTRY_SCHEMAS]}`,
  );
  columns = rows.map((r) => ({ table: qualified(r.table_schema, r.table_name), column: r.column_name, type: r.data_type }));
  // A table references a member when a column is named like a member id or a foreign key points at members.
  const fks = await selectRows<{ table_schema: string; table_name: string }>(
    handle.db,
    sql`SELECT tc.table_schema, tc.table_name FROM information_schema.table_constraints tc
        JOIN information_schema.constraint_column_usage cu ON cu.constraint_name = tc.constraint_name AND cu.constraint_schema = tc.constraint_schema
        WHERE tc.constraint_type = 'FOREIGN KEY' AND cu.table_schema = 'public' AND cu.table_name = 'members'`,
  );
  memberRefs = new Set([
    ...fks.map((f) => qualified(f.table_schema, f.table_name)),
    ...columns.filter((c) => c.column === "member_id" || c.column.endsWith("_member_id")).map((c) => c.table),
  ]);
});
afterAll(async () => handle.close());

describe("personal data registry", () => {
  it("declares every table that references a member, and members itself", () => {
    const declared = new Set(MEMBER_DATA.map((t) => t.table));
    const missing = [...memberRefs, "members"].filter((t) => !declared.has(t)).sort();
    expect(missing, `declare these tables in lib/privacy/registry.ts MEMBER_DATA: ${missing.join(", ")}`).toEqual([]);
  });

  it("accounts for every other table with a reason", () => {
    const tables = [...new Set(columns.map((c) => c.table))];
    const declared = new Set([...MEMBER_DATA.map((t) => t.table), ...Object.keys(OTHER_TABLES)]);
    const missing = tables.filter((t) => !declared.has(t)).sort();
    expect(missing, `add these tables to MEMBER_DATA or OTHER_TABLES in lib/privacy/registry.ts: ${missing.join(", ")}`).toEqual([]);
    const stale = [...declared].filter((t) => !tables.includes(t)).sort();
    expect(stale, "registry names tables the database does not have").toEqual([]);
    const both = Object.keys(OTHER_TABLES).filter((t) => MEMBER_DATA.some((m) => m.table === t) || memberRefs.has(t));
    expect(both, "tables with member data cannot be listed as other tables").toEqual([]);
  });

  it("declares exactly the columns each member-data table has", () => {
    for (const spec of MEMBER_DATA) {
      const actual = columns.filter((c) => c.table === spec.table).map((c) => c.column).sort();
      expect(Object.keys(spec.columns).sort(), `columns of ${spec.table}`).toEqual(actual);
    }
  });

  it("links, orders and dates each table by columns that exist", () => {
    const has = (table: string, column: string) => columns.some((c) => c.table === table && c.column === column);
    for (const spec of MEMBER_DATA) {
      const link = spec.link;
      if (link.kind === "column") expect(has(spec.table, link.column), `${spec.key} link`).toBe(true);
      if (link.kind === "parent") expect(has(spec.table, link.column) && has(link.parent, link.parentKey) && has(link.parent, link.parentMember), `${spec.key} parent`).toBe(true);
      if (link.kind === "audit_entity") expect(has(spec.table, "entity_id") && has(spec.table, "entity_type")).toBe(true);
      if (spec.activity) {
        expect(columns.find((c) => c.table === spec.table && c.column === spec.activity)?.type, `${spec.key} activity`).toBe("timestamp with time zone");
        expect(link.kind === "self" || link.kind === "column", `${spec.key}: activity needs a direct link`).toBe(true);
      }
      if (spec.export.kind === "rows") {
        for (const part of spec.export.orderBy.split(",")) expect(has(spec.table, part.trim()), `${spec.key} orderBy ${part}`).toBe(true);
      } else {
        expect(spec.export.reason).toBeTruthy();
      }
    }
  });

  it("exports every member-data table except the generator's ground truth", () => {
    const excluded = MEMBER_DATA.filter((t) => t.export.kind === "excluded").map((t) => t.table);
    expect(excluded.every((t) => t.startsWith("ground_truth."))).toBe(true);
  });

  it("marks text columns of members personal unless kept on purpose, and every free-form jsonb personal", () => {
    const members = MEMBER_DATA.find((t) => t.table === "members")!;
    for (const name of ["email", "phone", "first_name", "last_name", "birth_date", "postcode", "city", "external_id"]) {
      expect(members.columns[name]?.personal, name).toBe(true);
    }
    for (const spec of MEMBER_DATA.filter((t) => t.rows === "keep")) {
      for (const [name, column] of Object.entries(spec.columns)) {
        if (column.personal) expect(column.erase.kind, `${spec.table}.${name} is personal but kept`).not.toBe("keep");
      }
    }
  });

  it("has a title and a description for every table in the English catalogue (the catalogue test covers the others)", () => {
    const messages = JSON.parse(readFileSync(path.join(process.cwd(), "messages", "en", "privacy.json"), "utf8")) as {
      tables: Record<string, { title?: string; description?: string }>;
    };
    for (const spec of MEMBER_DATA) {
      expect(messages.tables[spec.key]?.title, spec.key).toBeTruthy();
      expect(messages.tables[spec.key]?.description, spec.key).toBeTruthy();
    }
  });
});
