import { z } from "zod";
import { webhookEventType } from "@/db/schema/webhooks";
import { HTTP_STATUS, type ErrorCode } from "@/lib/errors";
import type { ApiRouteSpec } from "./route";
import { WEBHOOK_DESCRIPTIONS, webhookEnvelopeSchema } from "./webhooks/events";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER } from "./webhooks/signature";

/**
 * The OpenAPI 3.1 document, built from the routes' zod schemas with zod's own `z.toJSONSchema` (JSON Schema
 * 2020-12, which is OpenAPI 3.1's schema dialect), so no converter library is needed and the document cannot
 * drift from what the routes accept.
 */
export type JsonSchema = Record<string, unknown>;
export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, OpenApiOperation>> };
export interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}
export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security?: Array<Record<string, string[]>>;
  parameters?: OpenApiParameter[];
  requestBody?: { required: boolean; content: { "application/json": { schema: JsonSchema; example?: unknown } } };
  responses: Record<string, { description: string; headers?: Record<string, unknown>; content?: Record<string, { schema: JsonSchema; example?: unknown }> }>;
}

export const API_VERSION = "1.0.0";

export function toJsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const json = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    // Dates and other values JSON cannot carry are documented as strings rather than failing the build.
    unrepresentable: "any",
  }) as JsonSchema;
  delete json.$schema;
  return json;
}

function parametersOf(schema: z.ZodType | undefined, location: "path" | "query"): OpenApiParameter[] {
  if (!schema) return [];
  const json = toJsonSchema(schema, "input");
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === "path" || required.has(name),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}

const ERROR_REF = { $ref: "#/components/schemas/Error" };
const ALWAYS: readonly ErrorCode[] = ["invalid_input", "unauthorized", "rate_limited"];
const ERROR_DESCRIPTIONS: Record<ErrorCode, string> = {
  invalid_input: "The request is malformed; `fieldErrors` names each bad field by its JSON path.",
  unauthorized: "The API key is missing, unknown or revoked.",
  forbidden: "The key's channels or stores do not cover this request.",
  not_found: "No such resource.",
  conflict: "Conflicts with stored data, or the Idempotency-Key was used for another request or is still running.",
  rate_limited: "Too many requests for this key; wait for the seconds in Retry-After.",
  internal: "Something went wrong on our side.",
};

function operationOf(spec: ApiRouteSpec): OpenApiOperation {
  const parameters = [...parametersOf(spec.input.params, "path"), ...parametersOf(spec.input.query, "query")];
  if (spec.idempotent) {
    parameters.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description: "Any unique string (a UUID): a retry with the same key and body returns the first response and writes nothing again.",
      schema: { type: "string", minLength: 1, maxLength: 255 },
    });
  }
  const output = toJsonSchema(spec.output, "output");
  const responses: OpenApiOperation["responses"] = {};
  for (const [status, description] of Object.entries(spec.responses)) {
    responses[status] = { description, content: { "application/json": { schema: output, ...(spec.examples?.response !== undefined ? { example: spec.examples.response } : {}) } } };
  }
  for (const code of [...ALWAYS, ...spec.errors]) {
    responses[String(HTTP_STATUS[code])] = {
      description: ERROR_DESCRIPTIONS[code],
      ...(code === "rate_limited" ? { headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds to wait." } } } : {}),
      content: { "application/json": { schema: ERROR_REF } },
    };
  }
  return {
    operationId: `${spec.method.toLowerCase()}${spec.path.replace(/[{}]/g, "").split("/").map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join("")}`,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(spec.input.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: toJsonSchema(spec.input.body, "input"), ...(spec.examples?.body !== undefined ? { example: spec.examples.body } : {}) } },
          },
        }
      : {}),
    responses,
  };
}

/** The document's own route: public, so clients and generators can fetch it without a key. */
const DOCUMENT_OPERATION: OpenApiOperation = {
  operationId: "getOpenapiJson",
  summary: "This OpenAPI document",
  tags: ["Meta"],
  security: [],
  responses: { "200": { description: "The OpenAPI 3.1 document.", content: { "application/json": { schema: { type: "object" } } } } },
};

function webhooksSection(): Record<string, unknown> {
  const headers = {
    [DELIVERY_HEADER]: { description: "The delivery's id: the same on every retry; drop a delivery id you have seen.", schema: { type: "string", format: "uuid" } },
    [EVENT_HEADER]: { description: "The event type.", schema: { type: "string" } },
    [SIGNATURE_HEADER]: { description: "t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\" with the endpoint's secret>.", schema: { type: "string" } },
  };
  return Object.fromEntries(
    webhookEventType.enumValues.map((type) => [
      type,
      {
        post: {
          operationId: `webhook_${type}`,
          summary: WEBHOOK_DESCRIPTIONS[type],
          parameters: Object.entries(headers).map(([name, h]) => ({ name, in: "header", required: true, ...h })),
          requestBody: { required: true, content: { "application/json": { schema: toJsonSchema(webhookEnvelopeSchema(type), "output") } } },
          responses: { "200": { description: "Any 2xx acknowledges the delivery; anything else (or no answer in 10 s) is retried." } },
        },
      },
    ]),
  );
}

export function buildOpenApiDocument(specs: readonly ApiRouteSpec[]): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = { "/openapi.json": { get: DOCUMENT_OPERATION } };
  for (const spec of specs) {
    (paths[spec.path] ??= {})[spec.method.toLowerCase()] = operationOf(spec);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Loyalist API",
      version: API_VERSION,
      description: "Send members, engagement and purchases from every channel. See docs/api.md for authentication, errors, idempotency, rate limits and webhook signatures.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ apiKey: [] }],
    paths,
    webhooks: webhooksSection(),
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", bearerFormat: "lk_live_<id>_<secret>", description: "An API key made by an admin under Settings → API keys." },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string", enum: Object.keys(HTTP_STATUS) },
                message: { type: "string" },
                fieldErrors: { type: "object", additionalProperties: { type: "array", items: { type: "string" } }, description: "Messages by JSON path of the field (`events.3.occurredAt`); `_` for the whole body." },
                reason: { type: "string", description: "On the points routes, why the ledger refused: `insufficient_points`, `out_of_stock`, `unknown_member`, `code_used`, ..." },
              },
            },
          },
        },
      },
    },
  };
}

/** The specs of the route handlers a route module exports (its GET, POST, ...). */
export function specsOf(modules: ReadonlyArray<Record<string, unknown>>): ApiRouteSpec[] {
  return modules.flatMap((m) =>
    Object.values(m).flatMap((value) => (typeof value === "function" && "spec" in value ? [(value as { spec: ApiRouteSpec }).spec] : [])),
  );
}
