import { buildOpenApiDocument, specsOf, type OpenApiDocument } from "@/lib/api/openapi";
import * as events from "./events/route";
import * as memberInbox from "./members/[externalId]/inbox/route";
import * as memberOffers from "./members/[externalId]/offers/route";
import * as memberPoints from "./members/[externalId]/points/route";
import * as memberByExternalId from "./members/[externalId]/route";
import * as members from "./members/route";
import * as offerRedeem from "./offers/redeem/route";
import * as redemptions from "./redemptions/route";
import * as redemptionUse from "./redemptions/use/route";
import * as returns from "./returns/route";
import * as transactionBatch from "./transactions/batch/route";
import * as transactionDryRun from "./transactions/dry-run/route";
import * as transactions from "./transactions/route";

/**
 * Every public API route module: the OpenAPI document is built from their handlers' specs. A new route
 * file goes here too; app/api/v1/openapi.test.ts fails for a route file missing from the document.
 */
export const API_ROUTE_MODULES = [
  members,
  memberByExternalId,
  events,
  transactions,
  transactionBatch,
  transactionDryRun,
  returns,
  memberPoints,
  redemptions,
  redemptionUse,
  offerRedeem,
  memberInbox,
  memberOffers,
];

let cached: OpenApiDocument | undefined;

export function openApiDocument(): OpenApiDocument {
  cached ??= buildOpenApiDocument(specsOf(API_ROUTE_MODULES));
  return cached;
}
