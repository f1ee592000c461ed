import "server-only";
import { createHash } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { AppError, hasSqlState } from "@/lib/errors";
import { RetryLater } from "./retry-later";

/** A response as stored and replayed: status and the exact JSON text. */
export interface StoredResponse {
  status: number;
  bodyText: string;
}

/** Printable ASCII, as Stripe and the IETF draft allow; UUIDs are the usual choice. */
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

export function parseIdempotencyKey(header: string | null): string | null {
  if (header === null) return null;
  if (!KEY_SHAPE.test(header)) {
    throw new AppError("invalid_input", "Idempotency-Key must be 1 to 255 printable ASCII characters.", {
      "Idempotency-Key": ["1 to 255 printable ASCII characters, e.g. a UUID."],
    });
  }
  return header;
}

/** What a retry must repeat exactly: method, path and (canonical JSON of) the body. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash("sha256").update(`${method} ${path}\n${JSON.stringify(body ?? null)}`).digest("hex");
}

// How long a duplicate waits for the first request with its key before answering 409.
const WAIT_FOR_FIRST = "10s";

/**
 * Runs `run` once per (API key, idempotency key). The key's row is inserted first, in the same transaction
 * as everything `run` writes and the response it returns:
 * - a duplicate sent while the first is running blocks on the row's unique index until the first commits
 *   (then it replays the stored response) or rolls back (then it runs itself); after WAIT_FOR_FIRST it
 *   gets 409;
 * - an error inside `run` rolls the row back with everything else, so a retry runs again: only successful
 *   responses are stored;
 * - the same key with another request (method, path or body) gets 409.
 * The unique (api_key_id, key) primary key makes this hold across any number of app processes.
 */
export async function runIdempotent(
  db: Db,
  params: { apiKeyId: string; key: string; fingerprint: string },
  run: (tx: Db) => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`SET LOCAL lock_timeout = '${WAIT_FOR_FIRST}'`));
    let claimed: unknown[];
    try {
      claimed = await tx
        .insert(idempotencyKeys)
        .values({ apiKeyId: params.apiKeyId, key: params.key, requestHash: params.fingerprint })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
    } catch (error) {
      // SQLSTATE 55P03: lock_timeout passed while waiting for the first request with this key.
      if (hasSqlState(error, "55P03")) throw new RetryLater("conflict", "A request with this Idempotency-Key is still running; retry shortly.", 1);
      throw error;
    }
    if (claimed.length === 0) {
      const [stored] = await tx
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.apiKeyId, params.apiKeyId), eq(idempotencyKeys.key, params.key)));
      if (!stored || stored.responseStatus === null || stored.responseBody === null) {
        throw new RetryLater("conflict", "A request with this Idempotency-Key is still running; retry shortly.", 1);
      }
      if (stored.requestHash !== params.fingerprint) {
        throw new AppError("conflict", "This Idempotency-Key was used with a different request. Use a new key for a new request.", {
          "Idempotency-Key": ["Already used with a different method, path or body."],
        });
      }
      return { status: stored.responseStatus, bodyText: stored.responseBody, replayed: true };
    }
    const response = await run(tx);
    await tx
      .update(idempotencyKeys)
      .set({ responseStatus: response.status, responseBody: response.bodyText })
      .where(and(eq(idempotencyKeys.apiKeyId, params.apiKeyId), eq(idempotencyKeys.key, params.key)));
    return { ...response, replayed: false };
  });
}

/** Forgets stored responses past their expiry (24 hours after the first request); run by a job. */
export async function deleteExpiredIdempotencyKeys(db: Db, now: Date): Promise<number> {
  const deleted = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, now)).returning({ key: idempotencyKeys.key });
  return deleted.length;
}
