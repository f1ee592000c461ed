import "server-only";
import { resolveProgramId } from "@/db/queries/loyalty/config";
import type { Db } from "@/db/client";
import { findApiKeyCredentials, touchApiKey } from "@/db/queries/api-keys";
import type { ApiChannel } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { apiKeySecretMatches, parseApiKey } from "./keys";
import { defaultRateLimitPerMinute } from "./rate-limit";

/** The caller of a public API request: an API key and what it may do. */
export interface ApiPrincipal {
  id: string;
  publicId: string;
  name: string;
  /** Stored as the origin of what the key sends (engagement events' `source`). */
  source: string;
  channels: readonly ApiChannel[];
  /** Null when the key reaches every store. */
  storeIds: readonly string[] | null;
  rateLimitPerMinute: number;
  /** The loyalty program the key books points in (the default program unless the key names one). */
  programId: string | null;
}

// last_used_at is written at most once a minute per key and process: a write per request would double the
// cost of the ingestion path for a figure shown to the minute.
const TOUCH_INTERVAL_MS = 60_000;
const lastTouched = new Map<string, number>();

function bearerToken(authorization: string | null): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match ? match[1]! : null;
}

/** Missing, malformed, unknown and revoked keys are all 401; a revoked key is told so (its secret matched). */
export async function authenticateApiKey(db: Db, authorization: string | null, now: Date): Promise<ApiPrincipal> {
  const token = bearerToken(authorization);
  if (!token) throw new AppError("unauthorized", "Send an API key: Authorization: Bearer lk_live_…");
  const parts = parseApiKey(token);
  const key = parts ? await findApiKeyCredentials(db, { publicId: parts.publicId }) : null;
  if (!parts || !key || !apiKeySecretMatches(parts.secret, key.secretHash)) throw new AppError("unauthorized", "Unknown API key.");
  if (key.revokedAt) throw new AppError("unauthorized", "This API key was revoked.");
  const last = lastTouched.get(key.id);
  if (last === undefined || now.getTime() - last >= TOUCH_INTERVAL_MS) {
    lastTouched.set(key.id, now.getTime());
    await touchApiKey(db, { id: key.id, now });
  }
  return {
    id: key.id,
    publicId: key.publicId,
    name: key.name,
    source: key.source,
    channels: key.channels,
    storeIds: key.storeIds,
    rateLimitPerMinute: key.rateLimitPerMinute ?? defaultRateLimitPerMinute(),
    // The default program's id is resolved here, on the root handle whose cache keeps it, so ledger calls made
    // inside a request's transaction need no lookup of their own.
    programId: key.programId ?? (await resolveProgramId(db)),
  };
}
