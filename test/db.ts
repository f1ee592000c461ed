import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { inject } from "vitest";
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
  // Started from the migrated dump test/global-setup.ts made; migrating it again is a check that finds nothing to do.
  const handle = await openDatabase({ dataDir: "memory://", loadDataDir: new Blob([readFileSync(inject("pgliteTemplate"))]) });
  await migrateDatabase(handle);
  return handle;
}

/** A short unique tag for names and codes made by one test. */
export function uniqueTag(prefix = "t"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/**
 * A database of this test's own, migrated, on either engine: a fresh PGlite, or a new database on the
 * DATABASE_URL server (dropped by dispose). For tests of what only an empty database shows (the real demo
 * seed refuses a database that holds a program).
 */
export async function openPrivateDatabase(): Promise<{ handle: DbHandle; dispose: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const handle = await openEmptyDatabase();
    return { handle, dispose: () => handle.close() };
  }
  const name = `seed_${uniqueTag("db").replace(/-/g, "_")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  const handle = await openDatabase({ url: own.toString() });
  await migrateDatabase(handle);
  return {
    handle,
    dispose: async () => {
      await handle.close();
      await admin.unsafe(`drop database ${name} with (force)`);
      await admin.end();
    },
  };
}
