// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the PGlite data directory.
import { openDatabase } from "./client";
import { migrateDatabase } from "./migrate";

const handle = await openDatabase();
try {
  await migrateDatabase(handle);
  console.log(`Migrated (${handle.driver}).`);
} finally {
  await handle.close();
}
