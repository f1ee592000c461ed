import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";

/** With DATABASE_URL set, the suite runs on that PostgreSQL: migrate it once before any test file. */
export default async function setup(): Promise<void> {
  if (!process.env.DATABASE_URL) return;
  const handle = await openDatabase({ url: process.env.DATABASE_URL });
  try {
    await migrateDatabase(handle);
  } finally {
    await handle.close();
  }
}
