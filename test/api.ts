import { createApiKey, type ApiKeyStoreScope } from "../db/queries/api-keys";
import type { Db } from "../db/client";
import { staffUsers, stores, type ApiChannel } from "../db/schema";
import { uniqueTag } from "./db";

/** A staff member for `createdBy` and audit entries (the hash is never checked in these tests). */
export async function makeStaff(db: Db, role: "admin" | "marketer" = "admin"): Promise<{ kind: "staff"; id: string }> {
  const tag = uniqueTag("staff");
  const [row] = await db.insert(staffUsers).values({ email: `${tag}@example.test`, name: tag, role, passwordHash: "x" }).returning({ id: staffUsers.id });
  return { kind: "staff", id: row!.id };
}

export async function makeStore(db: Db): Promise<{ id: string; code: string }> {
  const code = uniqueTag("ST").toUpperCase();
  const [row] = await db
    .insert(stores)
    .values({ code, name: `Store ${code}`, kind: "physical", countryCode: "DE", currency: "EUR", timezone: "Europe/Berlin" })
    .returning({ id: stores.id, code: stores.code });
  return row!;
}

export interface TestKey {
  id: string;
  publicId: string;
  token: string;
  source: string;
  actor: { kind: "staff"; id: string };
}

export async function makeApiKey(
  db: Db,
  options: { channels?: ApiChannel[]; stores?: ApiKeyStoreScope; rateLimitPerMinute?: number; programId?: string } = {},
): Promise<TestKey> {
  const actor = await makeStaff(db);
  const source = uniqueTag("src");
  const key = await createApiKey(db, {
    name: `Test key ${source}`,
    source,
    channels: options.channels ?? ["pos", "online", "app", "social"],
    stores: options.stores ?? "all",
    rateLimitPerMinute: options.rateLimitPerMinute ?? null,
    programId: options.programId ?? null,
    actor,
  });
  return { ...key, source, actor };
}

/** A request to a public API route as a client would send it. */
export function apiRequest(
  path: string,
  options: { method?: string; token?: string | null; body?: unknown; rawBody?: string; idempotencyKey?: string; headers?: Record<string, string> } = {},
): Request {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("Authorization", `Bearer ${options.token}`);
  if (options.idempotencyKey) headers.set("Idempotency-Key", options.idempotencyKey);
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers.set("Content-Type", "application/json");
  return new Request(`http://localhost/api/v1${path}`, { method: options.method ?? (body === undefined ? "GET" : "POST"), headers, body });
}

/** The route context Next passes: path parameters as a promise. */
export function routeParams<P extends Record<string, string>>(params: P): { params: Promise<P> } {
  return { params: Promise.resolve(params) };
}

export interface ErrorBody {
  error: { code: string; message: string; fieldErrors?: Record<string, string[]> };
}
