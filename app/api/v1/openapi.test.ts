import { readdirSync } from "node:fs";
import path from "node:path";
import { validate, compileErrors } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { specsOf } from "@/lib/api/openapi";
import { GET } from "./openapi.json/route";
import { API_ROUTE_MODULES } from "./routes";

const API_DIR = path.join(import.meta.dirname);
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

type Document = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

async function servedDocument<T = Document>(): Promise<T> {
  const response = await GET();
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

/** Every route.ts under app/api/v1 with its OpenAPI path: `members/[externalId]/route.ts` -> `/members/{externalId}`. */
function routeFiles(): Array<{ file: string; openApiPath: string }> {
  return readdirSync(API_DIR, { recursive: true, encoding: "utf8" })
    .filter((f) => path.basename(f) === "route.ts")
    .map((f) => {
      const dir = path.dirname(f);
      const segments = dir === "." ? [] : dir.split(path.sep);
      return { file: f, openApiPath: `/${segments.map((s) => s.replace(/^\[(.+)\]$/, "{$1}")).join("/")}` };
    });
}

describe("OpenAPI document", () => {
  it("passes an OpenAPI 3.1 validator", async () => {
    const document = await servedDocument();
    expect(document.openapi).toBe("3.1.0");
    const result = await validate(structuredClone(document) as never);
    if (!result.valid) throw new Error(compileErrors(result));
    expect(result.valid).toBe(true);
  });

  it("lists every method exported by every route file under app/api/v1", async () => {
    const document = await servedDocument();
    const files = routeFiles();
    expect(files.map((f) => f.openApiPath)).toEqual(expect.arrayContaining(["/members", "/members/{externalId}", "/events", "/openapi.json"]));
    let checked = 0;
    for (const { file, openApiPath } of files) {
      const mod = (await import(/* @vite-ignore */ path.join(API_DIR, file))) as Record<string, unknown>;
      const methods = HTTP_METHODS.filter((m) => typeof mod[m] === "function");
      expect(methods.length, `${file} exports no HTTP method`).toBeGreaterThan(0);
      for (const method of methods) {
        expect(document.paths[openApiPath]?.[method.toLowerCase()], `${method} ${openApiPath} (${file}) is missing from the document`).toBeDefined();
        checked++;
      }
    }
    expect(checked).toBe(files.length);
  });

  it("describes the request body with the field constraints of its zod schema", async () => {
    const document = await servedDocument();
    const post = document.paths["/members"]?.post as { requestBody: { content: { "application/json": { schema: { required: string[]; properties: Record<string, { maxLength?: number }> } } } } };
    const schema = post.requestBody.content["application/json"].schema;
    expect(schema.required).toEqual(["externalId"]);
    expect(schema.properties.externalId?.maxLength).toBe(100);
    const events = document.paths["/events"]?.post as { requestBody: { content: { "application/json": { schema: { properties: { events: { maxItems: number } } } } } } };
    expect(events.requestBody.content["application/json"].schema.properties.events.maxItems).toBe(1000);
  });

  it("documents the offers endpoint: its query parameters, its 404 and its reason texts", async () => {
    const document = await servedDocument();
    const get = document.paths["/members/{externalId}/offers"]?.get as {
      parameters: Array<{ name: string; in: string }>;
      responses: Record<string, { content?: { "application/json": { schema: { properties: Record<string, { items?: { properties: Record<string, unknown> } }> } } } }>;
    };
    expect(get.parameters.filter((p) => p.in === "query").map((p) => p.name).sort()).toEqual(["locale", "offers", "products"]);
    expect(get.responses["404"]).toBeDefined();
    const offer = get.responses["200"]!.content!["application/json"].schema.properties.offers!.items!.properties;
    expect(Object.keys(offer)).toEqual(expect.arrayContaining(["propensity", "valueMinor", "costMinor", "expectedValueMinor", "reason"]));
  });

  it("shows examples that the routes' own schemas accept", () => {
    const specs = specsOf(API_ROUTE_MODULES);
    let checked = 0;
    for (const spec of specs) {
      const where = `${spec.method} ${spec.path}`;
      if (spec.examples?.body !== undefined) {
        const parsed = spec.input.body!.safeParse(spec.examples.body);
        expect(parsed.success, `${where} request example: ${parsed.error?.message}`).toBe(true);
        checked++;
      }
      if (spec.examples?.response !== undefined) {
        const parsed = spec.output.safeParse(spec.examples.response);
        expect(parsed.success, `${where} response example: ${parsed.error?.message}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });

  it("documents bearer authentication and the four webhook events", async () => {
    const document = await servedDocument<{ components: { securitySchemes: Record<string, { scheme: string }> }; webhooks: Record<string, unknown> }>();
    expect(document.components.securitySchemes.apiKey?.scheme).toBe("bearer");
    expect(Object.keys(document.webhooks).sort()).toEqual(["campaign_offer", "points_expiring", "reward_redeemed", "tier_changed"]);
  });
});
