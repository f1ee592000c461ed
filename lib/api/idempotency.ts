import "server-only";
import { createHash } from "node:crypto";
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { selectRows } from "@/db/sql";
import { AppError, hasSqlState } from "@/lib/errors";
import { settle, type Settled } from "./group-commit";
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

const stillRunning = () => new RetryLater("conflict", "A request with this Idempotency-Key is still running; retry shortly.", 1);

/** What a request whose key was claimed before answers: the stored response, or why not. */
function storedAnswer(
  stored: { requestHash: string; responseStatus: number | null; responseBody: string | null } | undefined,
  fingerprint: string,
): StoredResponse & { replayed: true } {
  if (!stored || stored.responseStatus === null || stored.responseBody === null) throw stillRunning();
  if (stored.requestHash !== fingerprint) {
    throw new AppError("conflict", "This Idempotency-Key was used with a different request. Use a new key for a new request.", {
      "Idempotency-Key": ["Already used with a different method, path or body."],
    });
  }
  return { status: stored.responseStatus, bodyText: stored.responseBody, replayed: true };
}

async function setLockTimeout(tx: Db): Promise<void> {
  await tx.execute(sql.raw(`SET LOCAL lock_timeout = '${WAIT_FOR_FIRST}'`));
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
    await setLockTimeout(tx);
    let claimed: unknown[];
    try {
      claimed = await tx
        .insert(idempotencyKeys)
        .values({ apiKeyId: params.apiKeyId, key: params.key, requestHash: params.fingerprint })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
    } catch (error) {
      // SQLSTATE 55P03: lock_timeout passed while waiting for the first request with this key.
      if (hasSqlState(error, "55P03")) throw stillRunning();
      throw error;
    }
    if (claimed.length === 0) {
      const [stored] = await tx
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.apiKeyId, params.apiKeyId), eq(idempotencyKeys.key, params.key)));
      return storedAnswer(stored, params.fingerprint);
    }
    const response = await run(tx);
    await tx
      .update(idempotencyKeys)
      .set({ responseStatus: response.status, responseBody: response.bodyText })
      .where(and(eq(idempotencyKeys.apiKeyId, params.apiKeyId), eq(idempotencyKeys.key, params.key)));
    return { ...response, replayed: false };
  });
}

export interface GroupRequest {
  /** The request's Idempotency-Key and fingerprint; null when it was sent without one. */
  idempotency: { key: string; fingerprint: string } | null;
}

/**
 * runIdempotent for requests committed together (group commit, lib/api/group-commit.ts), with the same
 * guarantees per request, in one transaction for all: every key is claimed by one multi-row insert; the
 * requests whose key was claimed (and those sent without a key) go to `run` at once, which settles each of
 * them; successful responses are stored by one update, and the claims of failed requests are dropped so
 * that a retry runs again. A key claimed before answers from what is stored (replay, 409 for another
 * request, or retry-later while its first request is still running). A key sent twice in one group runs
 * once: the later copy answers as a replay of the first (or 409 if its request differs).
 */
export async function runIdempotentGroup(
  db: Db,
  apiKeyId: string,
  requests: readonly GroupRequest[],
  run: (tx: Db, indexes: readonly number[]) => Promise<Settled<StoredResponse>[]>,
): Promise<Settled<StoredResponse & { replayed: boolean }>[]> {
  return db.transaction(async (tx) => {
    const answers: Settled<StoredResponse & { replayed: boolean }>[] = new Array(requests.length);
    const firstWithKey = new Map<string, number>();
    const copies: number[] = [];
    requests.forEach((r, i) => {
      if (!r.idempotency) return;
      if (firstWithKey.has(r.idempotency.key)) copies.push(i);
      else firstWithKey.set(r.idempotency.key, i);
    });
    let claimed = new Set<string>();
    if (firstWithKey.size > 0) {
      await setLockTimeout(tx);
      // In key order: two groups holding the same two keys (retries of each other's requests) then wait on
      // each other in one order rather than deadlock.
      const rows = [...firstWithKey]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, i]) => ({ apiKeyId, key, requestHash: requests[i]!.idempotency!.fingerprint }));
      try {
        claimed = new Set((await tx.insert(idempotencyKeys).values(rows).onConflictDoNothing().returning({ key: idempotencyKeys.key })).map((r) => r.key));
      } catch (error) {
        if (hasSqlState(error, "55P03")) throw stillRunning();
        throw error;
      }
      const earlier = [...firstWithKey.keys()].filter((key) => !claimed.has(key));
      if (earlier.length > 0) {
        const stored = new Map(
          (await tx.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.apiKeyId, apiKeyId), inArray(idempotencyKeys.key, earlier)))).map((r) => [r.key, r]),
        );
        for (const key of earlier) {
          const i = firstWithKey.get(key)!;
          answers[i] = settle(() => storedAnswer(stored.get(key), requests[i]!.idempotency!.fingerprint));
        }
      }
    }
    const runnable = requests.flatMap((r, i) => (!r.idempotency || (claimed.has(r.idempotency.key) && firstWithKey.get(r.idempotency.key) === i) ? [i] : []));
    const results = runnable.length > 0 ? await run(tx, runnable) : [];
    const store: { key: string; status: number; body: string }[] = [];
    const drop: string[] = [];
    runnable.forEach((i, n) => {
      const result = results[n] ?? { ok: false, error: new Error("the group produced no result for a request") };
      answers[i] = result.ok ? { ok: true, value: { ...result.value, replayed: false } } : result;
      const key = requests[i]!.idempotency?.key;
      if (key === undefined) return;
      if (result.ok) store.push({ key, status: result.value.status, body: result.value.bodyText });
      else drop.push(key);
    });
    if (store.length > 0) {
      await selectRows(
        tx,
        sql`UPDATE idempotency_keys k SET response_status = v.status, response_body = v.body
              FROM jsonb_to_recordset(${JSON.stringify(store)}::jsonb) AS v(key text, status int, body text)
             WHERE k.api_key_id = ${apiKeyId}::uuid AND k.key = v.key`,
      );
    }
    if (drop.length > 0) await tx.delete(idempotencyKeys).where(and(eq(idempotencyKeys.apiKeyId, apiKeyId), inArray(idempotencyKeys.key, drop)));
    for (const i of copies) {
      const request = requests[i]!.idempotency!;
      const first = answers[firstWithKey.get(request.key)!]!;
      answers[i] = first.ok
        ? settle(() => storedAnswer({ requestHash: requests[firstWithKey.get(request.key)!]!.idempotency!.fingerprint, responseStatus: first.value.status, responseBody: first.value.bodyText }, request.fingerprint))
        : { ok: false, error: stillRunning() };
    }
    return answers;
  });
}

/** Forgets stored responses past their expiry (24 hours after the first request); run by a job. */
export async function deleteExpiredIdempotencyKeys(db: Db, now: Date): Promise<number> {
  const deleted = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, now)).returning({ key: idempotencyKeys.key });
  return deleted.length;
}
