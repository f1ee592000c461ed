import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import type { ApiChannel } from "@/db/schema";
import { AppError, errorResponse, type ErrorCode } from "@/lib/errors";
import { authenticateApiKey, type ApiPrincipal } from "./auth";
import { GroupCommitter, settle, settleAsync, type Settled } from "./group-commit";
import { parseIdempotencyKey, requestFingerprint, runIdempotent, runIdempotentGroup, type StoredResponse } from "./idempotency";
import { logApiRequest } from "./log";
import { readJsonBody, parseInput } from "./request";
import { RetryLater } from "./retry-later";
import { TokenBuckets } from "./rate-limit";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** How a route is named and who may call it: shared by its options and its spec. */
interface RouteDescription {
  method: HttpMethod;
  /** Under /api/v1, with OpenAPI path parameters: `/members/{externalId}`. */
  path: string;
  summary: string;
  description?: string;
  /** The OpenAPI tag grouping it in the docs. */
  tag: string;
  /** The key must hold at least one of these channels (403 otherwise). */
  channels?: readonly ApiChannel[];
}

/** What the OpenAPI document needs to know about a route; attached to its handler as `.spec`. */
export interface ApiRouteSpec extends RouteDescription {
  input: { body?: z.ZodType; query?: z.ZodType; params?: z.ZodType };
  output: z.ZodType;
  /** Success statuses and what each means; the lowest is what a plain return answers. */
  responses: Record<number, string>;
  /** Error codes the route documents besides those every route can answer (400, 401, 429). */
  errors: readonly ErrorCode[];
  idempotent: boolean;
  examples?: { body?: unknown; response?: unknown };
}

type RouteContext = { params?: Promise<Record<string, string | string[] | undefined>> };
export type ApiRouteHandler = ((request: Request, context?: RouteContext) => Promise<Response>) & { spec: ApiRouteSpec };

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface ApiContext<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  key: ApiPrincipal;
  /** Inside the request's transaction when the caller sent an Idempotency-Key. */
  db: Db;
  request: Request;
  now: Date;
}

const REPLY = Symbol("apiReply");

export interface ApiReply<T> {
  [REPLY]: true;
  status: number;
  body: T;
}

/** Answers with another of the route's success statuses than its first (201 Created beside 200). */
export function reply<T>(status: number, body: T): ApiReply<T> {
  return { [REPLY]: true, status, body };
}

function isReply(value: unknown): value is ApiReply<unknown> {
  return typeof value === "object" && value !== null && REPLY in value;
}

// Token buckets live on globalThis: Next may load this module once per route bundle, and a key's
// allowance must be one per process, whichever route it calls.
const processState = globalThis as unknown as { loyalistApiBuckets?: TokenBuckets };
const buckets = (processState.loyalistApiBuckets ??= new TokenBuckets());

export interface ApiRouteOptions<B, Q, P, O extends z.ZodType> extends RouteDescription {
  input?: { body?: B; query?: Q; params?: P };
  output: O;
  responses?: Record<number, string>;
  errors?: readonly ErrorCode[];
  examples?: { body?: B extends z.ZodType ? z.input<B> : never; response?: z.input<O> };
  handler: (context: ApiContext<Parsed<B>, Parsed<Q>, Parsed<P>>) => Promise<z.input<O> | ApiReply<z.input<O>>>;
  /**
   * Group commit (lib/api/group-commit.ts): concurrent requests of one API key to this route share one
   * transaction, their Idempotency-Keys claimed and stored in it. `together` gets them at once (each with
   * `db` = that transaction) and settles each: a refused request fails alone. When the shared transaction
   * itself fails, its requests run again one at a time through `handler`, so that none fails for another.
   */
  together?: (requests: readonly ApiContext<Parsed<B>, Parsed<Q>, Parsed<P>>[]) => Promise<Settled<z.input<O> | ApiReply<z.input<O>>>[]>;
}

/** At most this many requests share a group commit. */
const GROUP_SIZE = 100;

/**
 * The one way to write a public API route (`app/api/v1/**`): API key (401) -> per-key rate limit (429) ->
 * channel scope (403) -> zod parse of params, query and body (400 naming each field) -> idempotency for
 * writes sent with an `Idempotency-Key` -> handler -> response checked against the output schema. Every
 * error answers with the envelope of lib/errors.ts; every request is logged with its key's public id.
 */
export function apiRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  O extends z.ZodType = z.ZodType,
>(options: ApiRouteOptions<B, Q, P, O>): ApiRouteHandler {
  const responses = options.responses ?? { 200: "OK" };
  const defaultStatus = Math.min(...Object.keys(responses).map(Number));
  const spec: ApiRouteSpec = {
    method: options.method,
    path: options.path,
    summary: options.summary,
    description: options.description,
    tag: options.tag,
    channels: options.channels,
    input: {
      body: options.input?.body as z.ZodType | undefined,
      query: options.input?.query as z.ZodType | undefined,
      params: options.input?.params as z.ZodType | undefined,
    },
    output: options.output,
    responses,
    errors: options.errors ?? [],
    idempotent: options.method !== "GET",
    examples: options.examples,
  };

  function toStored(result: unknown): StoredResponse {
    const { status, body } = isReply(result) ? result : { status: defaultStatus, body: result };
    const checked = options.output.safeParse(body);
    if (!checked.success) throw new Error(`${options.method} ${options.path} answered outside its output schema: ${checked.error.message}`);
    return { status, bodyText: JSON.stringify(checked.data) };
  }

  type Context = ApiContext<Parsed<B>, Parsed<Q>, Parsed<P>>;
  interface Submitted {
    context: Omit<Context, "db">;
    idempotency: { key: string; fingerprint: string } | null;
  }

  /** The request alone: its own transaction when it carries an Idempotency-Key. */
  async function runAlone(db: Db, item: Submitted): Promise<StoredResponse & { replayed: boolean }> {
    const execute = async (tx: Db) => toStored(await options.handler({ ...item.context, db: tx } as Context));
    return item.idempotency
      ? runIdempotent(db, { apiKeyId: item.context.key.id, key: item.idempotency.key, fingerprint: item.idempotency.fingerprint }, execute)
      : { ...(await execute(db)), replayed: false };
  }

  const together = options.together;
  const committer = together
    ? new GroupCommitter<Submitted, StoredResponse & { replayed: boolean }>({
        maxSize: GROUP_SIZE,
        maxInFlight: 2,
        async commit(items) {
          const db = await getDb();
          if (items.length === 1) return [await settleAsync(() => runAlone(db, items[0]!))];
          try {
            return await runIdempotentGroup(db, items[0]!.context.key.id, items, async (tx, indexes) => {
              const settled = await together(indexes.map((i) => ({ ...items[i]!.context, db: tx }) as Context));
              return settled.map((s) => (s.ok ? settle(() => toStored(s.value)) : s));
            });
          } catch {
            // The shared transaction failed (not one request's refusal, which settles alone): each on its own.
            const settled: Settled<StoredResponse & { replayed: boolean }>[] = [];
            for (const item of items) settled.push(await settleAsync(() => runAlone(db, item)));
            return settled;
          }
        },
      })
    : null;

  const handler = async (request: Request, context?: RouteContext): Promise<Response> => {
    const started = performance.now();
    const now = new Date();
    const url = new URL(request.url);
    // no-store: answers hold members' data and are never to be cached. no-transform: Next does not gzip them
    // (the `compression` middleware honours it) — compressing every batch answer cost the API process a
    // tenth of its CPU in the ingestion bench; compression belongs to the reverse proxy (docs/api.md).
    const headers = new Headers({ "X-Request-Id": randomUUID(), "Cache-Control": "no-store, no-transform" });
    let key: ApiPrincipal | null = null;
    let response: Response | undefined;
    let replayed = false;
    try {
      const db = await getDb();
      key = await authenticateApiKey(db, request.headers.get("authorization"), now);
      const allowance = buckets.take(key.id, key.rateLimitPerMinute, now.getTime());
      headers.set("RateLimit-Limit", String(key.rateLimitPerMinute));
      if (!allowance.ok) {
        throw new RetryLater("rate_limited", `Too many requests for this API key; retry in ${allowance.retryAfterSeconds} s.`, allowance.retryAfterSeconds);
      }
      headers.set("RateLimit-Remaining", String(allowance.remaining));
      const principal = key;
      if (options.channels && !options.channels.some((c) => principal.channels.includes(c))) {
        throw new AppError("forbidden", `This API key may not call ${options.method} ${options.path}: it needs one of the channels ${options.channels.join(", ")}.`);
      }
      const rawBody = spec.input.body ? await readJsonBody(request) : undefined;
      const input = {
        params: parseInput(spec.input.params, (await context?.params) ?? {}) as Parsed<P>,
        query: parseInput(spec.input.query, Object.fromEntries(url.searchParams)) as Parsed<Q>,
        body: parseInput(spec.input.body, rawBody) as Parsed<B>,
      };
      const idempotencyKey = spec.idempotent ? parseIdempotencyKey(request.headers.get("idempotency-key")) : null;
      const submitted: Submitted = {
        context: { ...input, key: principal, request, now },
        idempotency: idempotencyKey ? { key: idempotencyKey, fingerprint: requestFingerprint(options.method, url.pathname, rawBody) } : null,
      };
      const result = committer ? await committer.submit(principal.id, submitted) : await runAlone(db, submitted);
      replayed = result.replayed;
      if (replayed) headers.set("Idempotent-Replayed", "true");
      headers.set("Content-Type", "application/json");
      response = new Response(result.bodyText, { status: result.status, headers });
    } catch (error) {
      if (error instanceof RetryLater) headers.set("Retry-After", String(error.retryAfterSeconds));
      if (error instanceof AppError && error.code === "unauthorized") headers.set("WWW-Authenticate", 'Bearer realm="loyalist-api"');
      response = errorResponse(error, headers);
    }
    logApiRequest({
      requestId: headers.get("X-Request-Id"),
      apiKey: key?.publicId ?? null,
      method: options.method,
      path: url.pathname,
      status: response.status,
      replayed,
      ms: Math.round(performance.now() - started),
    });
    return response;
  };
  return Object.assign(handler, { spec });
}

