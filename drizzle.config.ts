import { defineConfig } from "drizzle-kit";

// Migrations are generated from db/schema and applied by db/migrate.ts (at start-up, by `npm run db:migrate`
// and in tests) with drizzle-orm's migrator, so the same files serve PGlite and PostgreSQL.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  casing: "snake_case",
});
