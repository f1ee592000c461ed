import { buildOpenApiDocument, specsOf, type OpenApiDocument } from "@/lib/api/openapi";
import * as events from "./events/route";
import * as memberByExternalId from "./members/[externalId]/route";
import * as members from "./members/route";

/**
 * Every public API route module: the OpenAPI document is built from their handlers' specs. A new route
 * file goes here too; app/api/v1/openapi.test.ts fails for a route file missing from the document.
 */
export const API_ROUTE_MODULES = [members, memberByExternalId, events];

let cached: OpenApiDocument | undefined;

export function openApiDocument(): OpenApiDocument {
  cached ??= buildOpenApiDocument(specsOf(API_ROUTE_MODULES));
  return cached;
}
