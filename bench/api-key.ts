import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { createApiKey, type CreateApiKeyParams } from "../db/queries/api-keys";
import { selectRows } from "../db/sql";

/**
 * An API key for the bench's requests, made directly in the database by its first active admin (the bench has
 * no browser), with a rate limit above anything a run can reach. Returns the secret to send as a bearer token.
 */
export async function benchApiKey(db: Db, params: { name: string; channels: CreateApiKeyParams["channels"] }): Promise<string> {
  const [admin] = await selectRows<{ id: string }>(db, sql`SELECT id FROM staff_users WHERE role = 'admin' AND active ORDER BY created_at LIMIT 1`);
  if (!admin) throw new Error("the bench database has no admin to own the API key");
  const key = await createApiKey(db, {
    name: `${params.name} ${new Date().toISOString()}`,
    source: "bench",
    channels: params.channels,
    stores: "all",
    rateLimitPerMinute: 100_000_000,
    actor: { kind: "staff", id: admin.id },
  });
  return key.token;
}
