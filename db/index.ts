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
