import { randomUUID } from "node:crypto";
import { openDatabase, type DbHandle } from "../db/client";
import { migrateDatabase } from "../db/migrate";

/**
 * A real database for a test file: the PostgreSQL named by DATABASE_URL (migrated by global-setup), or a
 * fresh in-memory PGlite, migrated. Tests on a shared PostgreSQL make their own uniquely named data and
 * never assume an empty table.
 */
export async function openTestDatabase(): Promise<DbHandle> {
  if (process.env.DATABASE_URL) return openDatabase({ url: process.env.DATABASE_URL });
  return openEmptyDatabase();
}

/**
 * A fresh in-memory PGlite, migrated, whatever DATABASE_URL says: for the few tests about what an empty
 * table means (a shared PostgreSQL never promises one).
 */
export async function openEmptyDatabase(): Promise<DbHandle> {
  const handle = await openDatabase({ dataDir: "memory://" });
  await migrateDatabase(handle);
  return handle;
}

/** A short unique tag for names and codes made by one test. */
export function uniqueTag(prefix = "t"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
