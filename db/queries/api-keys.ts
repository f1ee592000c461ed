import "server-only";
import { and, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { generateApiKey } from "@/lib/api/keys";
import type { Db } from "../client";
import { apiKeys, apiKeyStores, staffUsers, stores, type ApiChannel } from "../schema";
import { recordAudit, type AuditActor } from "./audit";
import { isUuid } from "./scope";

/** Which stores a key may act for: every store, or the listed store ids. */
export type ApiKeyStoreScope = "all" | readonly string[];

export interface CreateApiKeyParams {
  name: string;
  /** What the key's data is stored as coming from; defaults to a slug of the name. */
  source?: string;
  channels: readonly ApiChannel[];
  stores: ApiKeyStoreScope;
  rateLimitPerMinute?: number | null;
  /** The loyalty program the key books points in; omitted: the default program. */
  programId?: string | null;
  actor: AuditActor & { kind: "staff" };
}

export interface CreatedApiKey {
  id: string;
  publicId: string;
  /** The whole key: returned here once and never stored. */
  token: string;
}

export function sourceFromName(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "") // accents split off by NFKD
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug.slice(0, 60) || "api";
}

async function assertStoresExist(db: Db, storeIds: readonly string[]): Promise<void> {
  const ids = [...new Set(storeIds)];
  const known = ids.every(isUuid)
    ? await db.select({ id: stores.id }).from(stores).where(inArray(stores.id, ids))
    : [];
  if (ids.length === 0 || known.length !== ids.length) {
    throw new AppError("invalid_input", "Choose at least one existing store.", { storeIds: ["Choose at least one existing store."] });
  }
}

/** Makes a key and its audit entry in one transaction; the secret leaves this function once, in `token`. */
export async function createApiKey(db: Db, params: CreateApiKeyParams): Promise<CreatedApiKey> {
  return db.transaction(async (tx) => {
    if (params.stores !== "all") await assertStoresExist(tx, params.stores);
    const secret = generateApiKey();
    const source = params.source?.trim() || sourceFromName(params.name);
    const [row] = await tx
      .insert(apiKeys)
      .values({
        publicId: secret.publicId,
        secretHash: secret.secretHash,
        name: params.name,
        source,
        channels: [...new Set(params.channels)],
        allStores: params.stores === "all",
        rateLimitPerMinute: params.rateLimitPerMinute ?? null,
        programId: params.programId ?? null,
        createdBy: params.actor.id,
      })
      .returning({ id: apiKeys.id });
    if (!row) throw new Error("insert returned no row");
    const storeIds = params.stores === "all" ? [] : [...new Set(params.stores)];
    if (storeIds.length > 0) await tx.insert(apiKeyStores).values(storeIds.map((storeId) => ({ apiKeyId: row.id, storeId })));
    await recordAudit(tx, {
      actor: params.actor,
      action: "api_key.create",
      entityType: "api_key",
      entityId: row.id,
      after: { publicId: secret.publicId, name: params.name, source, channels: params.channels, stores: params.stores, rateLimitPerMinute: params.rateLimitPerMinute ?? null, programId: params.programId ?? null },
    });
    return { id: row.id, publicId: secret.publicId, token: secret.token };
  });
}

/** Revokes a key at once (the next request with it gets 401). Revoking a revoked key changes nothing. */
export async function revokeApiKey(db: Db, params: { id: string; actor: AuditActor & { kind: "staff" } }): Promise<void> {
  if (!isUuid(params.id)) throw new AppError("not_found", "No such API key.");
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date(), revokedBy: params.actor.id })
      .where(and(eq(apiKeys.id, params.id), isNull(apiKeys.revokedAt)))
      .returning({ publicId: apiKeys.publicId, name: apiKeys.name });
    if (!row) {
      const [exists] = await tx.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.id, params.id));
      if (!exists) throw new AppError("not_found", "No such API key.");
      return;
    }
    await recordAudit(tx, {
      actor: params.actor,
      action: "api_key.revoke",
      entityType: "api_key",
      entityId: params.id,
      before: { publicId: row.publicId, name: row.name, revoked: false },
      after: { publicId: row.publicId, name: row.name, revoked: true },
    });
  });
}

export interface ApiKeyListRow {
  id: string;
  publicId: string;
  name: string;
  source: string;
  channels: ApiChannel[];
  allStores: boolean;
  stores: Array<{ id: string; code: string; name: string }>;
  rateLimitPerMinute: number | null;
  createdAt: Date;
  createdByName: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Every key, newest first, without its hash. */
export async function listApiKeys(db: Db): Promise<ApiKeyListRow[]> {
  const rows = await db
    .select({
      id: apiKeys.id,
      publicId: apiKeys.publicId,
      name: apiKeys.name,
      source: apiKeys.source,
      channels: apiKeys.channels,
      allStores: apiKeys.allStores,
      rateLimitPerMinute: apiKeys.rateLimitPerMinute,
      createdAt: apiKeys.createdAt,
      createdByName: staffUsers.name,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .leftJoin(staffUsers, eq(staffUsers.id, apiKeys.createdBy))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  const scoped = rows.filter((r) => !r.allStores).map((r) => r.id);
  const storeRows = scoped.length
    ? await db
        .select({ apiKeyId: apiKeyStores.apiKeyId, id: stores.id, code: stores.code, name: stores.name })
        .from(apiKeyStores)
        .innerJoin(stores, eq(stores.id, apiKeyStores.storeId))
        .where(inArray(apiKeyStores.apiKeyId, scoped))
        .orderBy(stores.code)
    : [];
  return rows.map((r) => ({
    ...r,
    stores: storeRows.filter((s) => s.apiKeyId === r.id).map(({ id, code, name }) => ({ id, code, name })),
  }));
}

/** What authentication needs to know about a key, found by its public id. */
export interface ApiKeyCredentials {
  id: string;
  publicId: string;
  secretHash: string;
  name: string;
  source: string;
  channels: ApiChannel[];
  /** Null when the key reaches every store. */
  storeIds: string[] | null;
  rateLimitPerMinute: number | null;
  /** Null: the default loyalty program. */
  programId: string | null;
  revokedAt: Date | null;
}

export async function findApiKeyCredentials(db: Db, params: { publicId: string }): Promise<ApiKeyCredentials | null> {
  const [row] = await db
    .select({
      id: apiKeys.id,
      publicId: apiKeys.publicId,
      secretHash: apiKeys.secretHash,
      name: apiKeys.name,
      source: apiKeys.source,
      channels: apiKeys.channels,
      allStores: apiKeys.allStores,
      rateLimitPerMinute: apiKeys.rateLimitPerMinute,
      programId: apiKeys.programId,
      revokedAt: apiKeys.revokedAt,
      storeIds: sql<string[] | null>`(SELECT array_agg(s.store_id::text) FROM api_key_stores s WHERE s.api_key_id = ${apiKeys.id})`,
    })
    .from(apiKeys)
    .where(eq(apiKeys.publicId, params.publicId))
    .limit(1);
  if (!row) return null;
  const { allStores, storeIds, ...rest } = row;
  return { ...rest, storeIds: allStores ? null : (storeIds ?? []) };
}

/** Records that a key was used; a write at most once a minute per key (the caller throttles too). */
export async function touchApiKey(db: Db, params: { id: string; now: Date }): Promise<void> {
  const minuteAgo = new Date(params.now.getTime() - 60_000);
  await db
    .update(apiKeys)
    .set({ lastUsedAt: params.now })
    .where(and(eq(apiKeys.id, params.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, minuteAgo))));
}
