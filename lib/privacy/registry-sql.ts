import { sql, type SQL } from "drizzle-orm";
import type { TableSpec } from "./registry-types";

// Names come from the registry in code, never from input; quoting keeps odd names (schema.table) whole.
const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

export function tableRef(table: string): SQL {
  return sql.raw(table.split(".").map(ident).join("."));
}

export function columnRef(column: string): SQL {
  return sql.raw(ident(column));
}

/** The rows of `spec` that belong to any of `memberIds`. */
export function memberRows(spec: TableSpec, memberIds: readonly string[]): SQL {
  if (memberIds.length === 0) return sql`false`;
  const ids = [...memberIds];
  const link = spec.link;
  switch (link.kind) {
    case "self":
      return sql`${columnRef("id")} IN ${ids}`;
    case "column":
      return sql`${columnRef(link.column)} IN ${ids}`;
    case "parent":
      return sql`${columnRef(link.column)} IN (SELECT ${columnRef(link.parentKey)} FROM ${tableRef(link.parent)} WHERE ${columnRef(link.parentMember)} IN ${ids})`;
    case "audit_entity":
      return sql`entity_type = 'member' AND entity_id IN ${ids}`;
  }
}

/** Columns of a table in the order they were declared. */
export function exportedColumns(spec: TableSpec): string[] {
  return Object.entries(spec.columns)
    .filter(([, c]) => c.export)
    .map(([name]) => name);
}
