import { z } from "zod";
import { memberStatus, salesChannel } from "@/db/schema/enums";
import { MEMBER_SORTS, type MemberSort, type SortDirection } from "@/db/queries/members";

type RawParams = Record<string, string | string[] | undefined>;

// Each field falls back on its own: a hand-edited URL with one bad value keeps the rest of the filters.
const optionalText = z.string().trim().min(1).max(100).optional().catch(undefined);
const optionalDay = z.iso.date().optional().catch(undefined);

const listSchema = z.object({
  q: optionalText,
  store: z.guid().optional().catch(undefined),
  status: z.enum(memberStatus.enumValues).optional().catch(undefined),
  channel: z.enum(salesChannel.enumValues).optional().catch(undefined),
  from: optionalDay,
  to: optionalDay,
  sort: z.enum(MEMBER_SORTS).catch("joined"),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});

export type MemberListQuery = z.infer<typeof listSchema> & { dir: SortDirection };

/** The default direction of each column: names A to Z, everything else largest or newest first. */
export function defaultDirection(sort: MemberSort): SortDirection {
  return sort === "name" ? "asc" : "desc";
}

function first(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v === "" ? undefined : v;
}

export function parseMemberListQuery(raw: RawParams): MemberListQuery {
  const flat = Object.fromEntries(Object.keys(listSchema.shape).map((key) => [key, first(raw[key])]));
  const parsed = listSchema.parse(flat);
  return { ...parsed, dir: parsed.dir ?? defaultDirection(parsed.sort) };
}

/** A list URL with the given query, leaving out defaults so links stay short. */
export function memberListHref(query: MemberListQuery, change: Partial<MemberListQuery>): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  if (next.store) params.set("store", next.store);
  if (next.status) params.set("status", next.status);
  if (next.channel) params.set("channel", next.channel);
  if (next.from) params.set("from", next.from);
  if (next.to) params.set("to", next.to);
  if (next.sort !== "joined") params.set("sort", next.sort);
  if (next.dir !== defaultDirection(next.sort)) params.set("dir", next.dir);
  if (next.page > 1) params.set("page", String(next.page));
  const text = params.toString();
  return text ? `/members?${text}` : "/members";
}

/** A YYYY-MM-DD day as the UTC instant it starts; `to` days are inclusive, so their bound is the next day. */
export function dayStart(day: string | undefined, plusDays = 0): Date | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + plusDays);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const detailSchema = z.object({ receipts: z.coerce.number().int().min(1).max(200).catch(20) });

export function parseReceiptLimit(raw: RawParams): number {
  return detailSchema.parse({ receipts: first(raw.receipts) ?? 20 }).receipts;
}
