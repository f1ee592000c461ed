import { z } from "zod";
import { BAND_FILTERS, type AtRiskFilters } from "@/db/queries/churn-at-risk";

type RawParams = Record<string, string | string[] | undefined>;

// Each field falls back on its own: a hand-edited URL with one bad value keeps the rest of the filters.
const listSchema = z.object({
  store: z.guid().optional().catch(undefined),
  tier: z.guid().optional().catch(undefined),
  segment: z.guid().optional().catch(undefined),
  band: z.enum(BAND_FILTERS).catch("at_risk"),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});

export type ChurnListQuery = z.infer<typeof listSchema>;

function first(value: string | string[] | null | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v === "" || v === null ? undefined : v;
}

export function parseChurnListQuery(raw: RawParams | URLSearchParams): ChurnListQuery {
  const get = (key: string) => (raw instanceof URLSearchParams ? raw.get(key) : raw[key]);
  return listSchema.parse(Object.fromEntries(Object.keys(listSchema.shape).map((key) => [key, first(get(key))])));
}

export function filtersOf(query: ChurnListQuery): AtRiskFilters {
  return { storeId: query.store, tierId: query.tier, segmentId: query.segment, band: query.band };
}

/** The query as URL parameters, defaults left out so links stay short. */
function params(query: ChurnListQuery): URLSearchParams {
  const out = new URLSearchParams();
  if (query.store) out.set("store", query.store);
  if (query.tier) out.set("tier", query.tier);
  if (query.segment) out.set("segment", query.segment);
  if (query.band !== "at_risk") out.set("band", query.band);
  if (query.page > 1) out.set("page", String(query.page));
  return out;
}

export function churnListHref(query: ChurnListQuery, change: Partial<ChurnListQuery>): string {
  const text = params({ ...query, ...change }).toString();
  return text ? `/churn?${text}` : "/churn";
}

/** The CSV of the whole filtered list (every page). */
export function churnExportHref(query: ChurnListQuery): string {
  const text = params({ ...query, page: 1 }).toString();
  return text ? `/churn/export.csv?${text}` : "/churn/export.csv";
}
