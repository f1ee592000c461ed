import "server-only";
import { openDatabase, type Db, type DbHandle } from "./client";
import { migrateDatabase } from "./migrate";

// One handle per server process; kept on globalThis so dev-server reloads do not open a second PGlite on
// the same data directory (PGlite has no lock between instances).
const holder = globalThis as unknown as { loyalistDb?: Promise<DbHandle> };

/** The app's database, migrated on first use (instrumentation.ts opens it at start-up). */
export function getDbHandle(): Promise<DbHandle> {
  holder.loyalistDb ??= openDatabase().then(async (handle) => {
    await migrateDatabase(handle);
    return handle;
  });
  return holder.loyalistDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/**
 * Tests call route handlers directly (they read the database through getDb()): this hands them the test
 * file's own database. Refused outside Vitest, so production code cannot swap the database by accident.
 */
export function setDatabaseForTests(handle: DbHandle): void {
  if (process.env.NODE_ENV !== "test") throw new Error("setDatabaseForTests is for tests only");
  holder.loyalistDb = Promise.resolve(handle);
}
