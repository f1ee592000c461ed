import { sql, type SQL } from "drizzle-orm";
import type { Scope } from "@/lib/auth/permissions";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checked in code, so a malformed id never reaches PostgreSQL as a failing uuid cast. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** `column` restricted to the stores of a scope: true for all stores, false for an empty store list. */
export function storeCondition(column: SQL, scope: Scope): SQL {
  if (scope.kind === "all") return sql`true`;
  const ids = scope.storeIds.filter(isUuid);
  return ids.length === 0 ? sql`false` : sql`${column} in ${ids}`;
}
