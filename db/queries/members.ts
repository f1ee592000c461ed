import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { storesWithinScope, type Scope } from "@/lib/auth/permissions";
import type { Db } from "../client";
import type { Currency, EngagementChannel, EngagementType, identityKind, MemberStatus, SalesChannel } from "../schema/enums";
import { escapeLike, selectRows } from "../sql";
import { isUuid, storeCondition } from "./scope";
import { DAY_MS } from "../../lib/time";

export const MEMBER_SORTS = ["joined", "name", "last_purchase", "spend"] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];
export type SortDirection = "asc" | "desc";

export type IdentityKind = (typeof identityKind.enumValues)[number];

export interface Money {
  currency: Currency;
  minor: number;
}

export interface MemberListRow {
  id: string;
  displayName: string;
  /** Shown in the list so marketers can tell people apart; phone and birth date are kept to the 360 page. */
  email: string | null;
  externalId: string | null;
  homeStoreId: string | null;
  homeStoreName: string | null;
  joinedAt: Date;
  status: MemberStatus;
  lastPurchaseAt: Date | null;
  purchases: number;
  /** Net spend (sales plus returns) per currency, largest first; empty when the member never bought. */
  spend: Money[];
}

export interface ListMembersParams {
  scope: Scope;
  search?: string;
  storeId?: string;
  status?: MemberStatus;
  /** The channel of most of the member's purchases. */
  channel?: SalesChannel;
  /** Inclusive lower bound of joined_at. */
  joinedFrom?: Date;
  /** Exclusive upper bound of joined_at (the day after the last day asked for). */
  joinedTo?: Date;
  sort?: MemberSort;
  direction?: SortDirection;
  page?: number;
  pageSize?: number;
  /** Overrides FIGURE_LIMIT (tests, bench). */
  figureLimit?: number;
}

export interface MemberList {
  rows: MemberListRow[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
  /** The order actually used: a figure sort over too many members falls back to the join date. */
  sort: MemberSort;
  direction: SortDirection;
  /** False when a channel filter was asked for but the list was too broad to apply it. */
  channelApplied: boolean;
  /** True when a figure sort or the channel filter was dropped because more than FIGURE_LIMIT members matched. */
  figuresLimited: boolean;
}

/**
 * Purchase figures (last purchase, spend, preferred channel) are not stored per member: sorting or filtering
 * by them computes them for every member that passes the other filters, 50-100 µs a member through the
 * transactions (member_id, occurred_at) index on a 10M-receipt program (all of 1M members: minutes). Up to
 * this many members that stays near the page's 300 ms budget; beyond it the list asks the user to narrow it.
 */
export const FIGURE_LIMIT = 3_000;

/** Shorter searches have no trigram to look up and would scan every member; they match whole numbers only. */
export const MIN_CONTAINS_LENGTH = 3;

/** Store managers reach only members whose home store is one of theirs; a member with no home store is nobody's. */
const scopeCondition = (scope: Scope, storeId: string | undefined) => storeCondition(sql`m.home_store_id`, storesWithinScope(scope, storeId));

function likePattern(search: string): string {
  return `%${escapeLike(search)}%`;
}

/**
 * "Contains" in names and e-mail goes through the trigram indexes: each expression below is written exactly
 * as its index is (members_search_name_trgm, members_email_trgm). A union of index scans replaces one OR
 * that would make the planner scan every member. Member numbers and identities (card numbers, accounts)
 * have no trigram index, so they match whole values, case-insensitively when stored in upper or lower case,
 * through their unique b-tree indexes.
 */
function searchCondition(search: string): SQL {
  const pattern = likePattern(search);
  const exact = [...new Set([search, search.toUpperCase(), search.toLowerCase()])];
  const contains =
    search.length >= MIN_CONTAINS_LENGTH
      ? sql`SELECT id FROM members WHERE (coalesce(first_name, '') || ' ' || coalesce(last_name, '')) ILIKE ${pattern}
          UNION SELECT id FROM members WHERE email ILIKE ${pattern} UNION `
      : sql``;
  // `kind = ANY (every kind)` lets the unique (kind, value) index answer a lookup by value alone.
  return sql`m.id IN (
    ${contains}SELECT id FROM members WHERE external_id IN ${exact}
    UNION SELECT member_id FROM member_identities WHERE kind = ANY (enum_range(NULL::identity_kind)) AND value IN ${exact}
  )`;
}

const preferredChannel = sql`(
  SELECT t.channel FROM transactions t WHERE t.member_id = m.id AND t.kind = 'sale'
  GROUP BY t.channel ORDER BY count(*) DESC, max(t.occurred_at) DESC LIMIT 1
)`;

/** Every filter but the preferred channel, which costs a per-member aggregate (see FIGURE_LIMIT). */
function memberConditions(params: ListMembersParams): SQL {
  const parts: SQL[] = [scopeCondition(params.scope, params.storeId)];
  const search = params.search?.trim();
  if (search) parts.push(searchCondition(search));
  if (params.status) parts.push(sql`m.status = ${params.status}`);
  if (params.joinedFrom) parts.push(sql`m.joined_at >= ${params.joinedFrom.toISOString()}`);
  if (params.joinedTo) parts.push(sql`m.joined_at < ${params.joinedTo.toISOString()}`);
  return sql.join(parts, sql` AND `);
}

/**
 * Per-member purchase figures, read through the transactions (member_id, occurred_at) index. Spend stays
 * apart per currency; `spend_sort` adds minor units across currencies, which orders correctly for a program
 * that books in one currency (the usual case) and roughly otherwise.
 */
function memberFigures(member: SQL): SQL {
  return sql`LEFT JOIN LATERAL (
    SELECT max(c.last_purchase_at) AS last_purchase_at, coalesce(sum(c.purchases), 0)::int AS purchases,
           coalesce(sum(c.minor), 0)::float8 AS spend_sort,
           json_agg(json_build_object('currency', c.currency, 'minor', c.minor) ORDER BY c.minor DESC)::text AS spend
    FROM (
      SELECT t.currency, max(t.occurred_at) FILTER (WHERE t.kind = 'sale') AS last_purchase_at,
             count(*) FILTER (WHERE t.kind = 'sale') AS purchases, sum(t.total_minor)::bigint AS minor
      FROM transactions t WHERE t.member_id = ${member}.id GROUP BY t.currency
    ) c
  ) f ON true`;
}

function orderBy(sort: MemberSort, direction: SortDirection, member: SQL): SQL {
  const dir = sql.raw(direction === "desc" ? "DESC" : "ASC");
  switch (sort) {
    case "joined":
      return sql`${member}.joined_at ${dir}, ${member}.id ${dir}`;
    case "name":
      return sql`${member}.last_name ${dir} NULLS LAST, ${member}.first_name ${dir} NULLS LAST, ${member}.id ${dir}`;
    case "last_purchase":
      return sql`f.last_purchase_at ${dir} NULLS LAST, ${member}.id ${dir}`;
    case "spend":
      return sql`f.spend_sort ${dir} NULLS LAST, ${member}.id ${dir}`;
  }
}

interface ListRowRaw {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  external_id: string | null;
  home_store_id: string | null;
  store_name: string | null;
  joined_ms: number;
  status: MemberStatus;
  last_purchase_ms: number | null;
  purchases: number | null;
  spend: string | null;
  /** Only when the page was asked to count the filtered members. */
  full_count?: number;
}

export function displayName(firstName: string | null, lastName: string | null, fallback: string | null): string {
  const name = [firstName, lastName].filter((p) => p && p.trim()).join(" ");
  return name || fallback || "—";
}

function parseMoney(json: string | null): Money[] {
  if (!json) return [];
  const items = JSON.parse(json) as Array<{ currency: Currency; minor: number | string }>;
  return items.map((i) => ({ currency: i.currency, minor: Number(i.minor) }));
}

const epochMs = (column: SQL) => sql`(extract(epoch from ${column}) * 1000)::float8`;

const listColumns = (member: SQL) => sql`${member}.id, ${member}.first_name, ${member}.last_name, ${member}.email,
  ${member}.external_id, ${member}.home_store_id, s.name AS store_name, ${epochMs(sql`${member}.joined_at`)} AS joined_ms,
  ${member}.status, ${epochMs(sql`f.last_purchase_at`)} AS last_purchase_ms, f.purchases, f.spend`;

const countMembers = async (db: Db, where: SQL) =>
  (await selectRows<{ total: number }>(db, sql`SELECT count(*)::int AS total FROM members m WHERE ${where}`))[0]?.total ?? 0;

export async function listMembers(db: Db, params: ListMembersParams): Promise<MemberList> {
  const pageSize = Math.min(Math.max(Math.trunc(params.pageSize ?? 25), 1), 100);
  const requested = Math.max(Math.trunc(params.page ?? 1), 1);
  const base = memberConditions(params);
  const wantsFigures = params.sort === "last_purchase" || params.sort === "spend" || params.channel !== undefined;

  let where = base;
  let total: number;
  let firstRows: ListRowRaw[] | null = null;
  let figuresLimited = false;
  let sort = params.sort ?? "joined";
  let direction = params.direction ?? (sort === "name" ? "asc" : "desc");
  const pageRows = (page: number, withCount = false) =>
    selectRows<ListRowRaw>(db, listQuery(where, sort, direction, pageSize, (page - 1) * pageSize, withCount));
  if (!wantsFigures) {
    // The count and the page run side by side; only a page past the end (a stale link) costs a second query.
    [total, firstRows] = await Promise.all([countMembers(db, where), pageRows(requested)]);
  } else {
    total = await countMembers(db, base);
    if (total > (params.figureLimit ?? FIGURE_LIMIT)) {
      figuresLimited = true;
      if (sort === "last_purchase" || sort === "spend") [sort, direction] = ["joined", "desc"];
    } else if (params.channel) {
      // One pass: the page carries the filtered count, so each member's preferred channel is worked out once.
      where = sql`${base} AND ${preferredChannel} = ${params.channel}`;
      firstRows = await pageRows(requested, true);
      total = firstRows[0]?.full_count ?? (requested === 1 ? 0 : await countMembers(db, where));
    }
  }
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(requested, pageCount);
  const rows = firstRows && page === requested ? firstRows : await pageRows(page);
  return {
    rows: rows.map((r) => ({
      id: r.id,
      displayName: displayName(r.first_name, r.last_name, r.external_id),
      email: r.email,
      externalId: r.external_id,
      homeStoreId: r.home_store_id,
      homeStoreName: r.store_name,
      joinedAt: new Date(r.joined_ms),
      status: r.status,
      lastPurchaseAt: r.last_purchase_ms === null ? null : new Date(r.last_purchase_ms),
      purchases: r.purchases ?? 0,
      spend: parseMoney(r.spend),
    })),
    total,
    page,
    pageSize,
    pageCount,
    sort,
    direction,
    channelApplied: params.channel !== undefined && !figuresLimited,
    figuresLimited,
  };
}

function listQuery(where: SQL, sort: MemberSort, direction: SortDirection, limit: number, offset: number, withCount: boolean): SQL {
  const m = sql.raw("m");
  const p = sql.raw("p");
  // The window runs before LIMIT, so it counts every member that passes the filters.
  const count = withCount ? sql`, count(*) OVER ()::int AS full_count` : sql``;
  // Member columns sort on their own indexes, so the figures are computed for the page's rows only;
  // sorting by a figure has to compute it for every member that passes the filters.
  if (sort === "joined" || sort === "name") {
    return sql`SELECT ${listColumns(p)}${withCount ? sql`, p.full_count` : sql``} FROM (
        SELECT m.id, m.first_name, m.last_name, m.email, m.external_id, m.home_store_id, m.joined_at, m.status${count}
        FROM members m WHERE ${where} ORDER BY ${orderBy(sort, direction, m)} LIMIT ${limit} OFFSET ${offset}
      ) p LEFT JOIN stores s ON s.id = p.home_store_id ${memberFigures(p)}
      ORDER BY ${orderBy(sort, direction, p)}`;
  }
  return sql`SELECT ${listColumns(m)}${count} FROM members m LEFT JOIN stores s ON s.id = m.home_store_id ${memberFigures(m)}
    WHERE ${where} ORDER BY ${orderBy(sort, direction, m)} LIMIT ${limit} OFFSET ${offset}`;
}

export interface Receipt {
  id: number;
  occurredAt: Date;
  storeName: string;
  channel: SalesChannel;
  kind: "sale" | "return";
  currency: Currency;
  totalMinor: number;
  discountMinor: number;
  itemCount: number;
  lines: Array<{ lineNo: number; sku: string; productName: string | null; categoryName: string | null; quantity: number; amountMinor: number; discountMinor: number }>;
}

export interface Member360 {
  profile: {
    id: string;
    displayName: string;
    firstName: string | null;
    lastName: string | null;
    email: string | null;
    phone: string | null;
    /** ISO date (YYYY-MM-DD); a date of birth has no time zone. */
    birthDate: string | null;
    postcode: string | null;
    city: string | null;
    countryCode: string | null;
    locale: string;
    externalId: string | null;
    homeStore: { id: string; name: string } | null;
    joinedAt: Date;
    status: MemberStatus;
  };
  identities: Array<{ kind: IdentityKind; value: string; createdAt: Date }>;
  kpis: {
    /** Money figures are in the member's main currency (most money moved); other currencies are listed apart. */
    currency: Currency;
    purchases: number;
    returns: number;
    salesMinor: number;
    returnsMinor: number;
    /** Net: sales plus returns (returns are negative). */
    spendMinor: number;
    /** Sales divided by sale receipts, rounded to a minor unit; null before the first purchase. */
    averageBasketMinor: number | null;
    firstPurchaseAt: Date | null;
    lastPurchaseAt: Date | null;
    daysSinceLastPurchase: number | null;
    otherCurrencies: Money[];
  };
  receipts: { items: Receipt[]; total: number };
  /** Share of sale-line spend per category, largest first. */
  categoryMix: Array<{ categoryId: string | null; name: string | null; amountMinor: number; share: number }>;
  /** Sale receipts per channel, with their share of the receipts. */
  channelMix: Array<{ channel: SalesChannel; purchases: number; amountMinor: number; share: number }>;
  /** Net spend per calendar month (YYYY-MM, in the given time zone), the last 12 months, empty months included. */
  monthlySpend: Array<{ month: string; amountMinor: number }>;
  engagement: {
    recent: Array<{ id: number; channel: EngagementChannel; type: EngagementType; occurredAt: Date }>;
    byChannel: Array<{ channel: EngagementChannel; last30Days: number; last90Days: number }>;
  };
}

export interface GetMember360Params {
  scope: Scope;
  memberId: string;
  /** How many of the latest receipts to return (the page's "show more" raises it). */
  receiptLimit?: number;
  /** Month boundaries of the monthly spend; the program's time zone. */
  timeZone?: string;
  now?: Date;
}

interface ProfileRaw {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  birth_date: string | null;
  postcode: string | null;
  city: string | null;
  country_code: string | null;
  locale: string;
  external_id: string | null;
  home_store_id: string | null;
  store_name: string | null;
  joined_ms: number;
  status: MemberStatus;
}

interface FiguresRaw {
  currency: Currency;
  purchases: number;
  returns: number;
  sales_minor: number;
  returns_minor: number;
  first_ms: number | null;
  last_ms: number | null;
}

/** A member's whole picture, or null when the id is malformed, unknown, or outside the caller's scope. */
export async function getMember360(db: Db, params: GetMember360Params): Promise<Member360 | null> {
  if (!isUuid(params.memberId)) return null;
  const now = params.now ?? new Date();
  const id = params.memberId;
  const [profile] = await selectRows<ProfileRaw>(
    db,
    sql`SELECT m.id, m.first_name, m.last_name, m.email, m.phone, m.birth_date::text AS birth_date, m.postcode, m.city,
               m.country_code, m.locale::text AS locale, m.external_id, m.home_store_id, s.name AS store_name,
               ${epochMs(sql`m.joined_at`)} AS joined_ms, m.status
        FROM members m LEFT JOIN stores s ON s.id = m.home_store_id
        WHERE m.id = ${id} AND ${scopeCondition(params.scope, undefined)}`,
  );
  if (!profile) return null;

  const receiptLimit = Math.min(Math.max(Math.trunc(params.receiptLimit ?? 20), 1), 200);
  const [identities, figures, receipts, events, eventCounts] = await Promise.all([
    selectRows<{ kind: IdentityKind; value: string; created_ms: number }>(
      db,
      sql`SELECT kind, value, ${epochMs(sql`created_at`)} AS created_ms FROM member_identities WHERE member_id = ${id} ORDER BY kind, created_at`,
    ),
    selectRows<FiguresRaw>(
      db,
      sql`SELECT currency, (count(*) FILTER (WHERE kind = 'sale'))::int AS purchases,
                 (count(*) FILTER (WHERE kind = 'return'))::int AS returns,
                 coalesce(sum(total_minor) FILTER (WHERE kind = 'sale'), 0)::float8 AS sales_minor,
                 coalesce(sum(total_minor) FILTER (WHERE kind = 'return'), 0)::float8 AS returns_minor,
                 ${epochMs(sql`min(occurred_at) FILTER (WHERE kind = 'sale')`)} AS first_ms,
                 ${epochMs(sql`max(occurred_at) FILTER (WHERE kind = 'sale')`)} AS last_ms
          FROM transactions WHERE member_id = ${id} GROUP BY currency
          ORDER BY sum(abs(total_minor)) DESC, currency`,
    ),
    listReceipts(db, id, receiptLimit),
    selectRows<{ id: number; channel: EngagementChannel; type: EngagementType; occurred_ms: number }>(
      db,
      sql`SELECT id::float8 AS id, channel, type, ${epochMs(sql`occurred_at`)} AS occurred_ms FROM engagement_events
          WHERE member_id = ${id} ORDER BY occurred_at DESC, id DESC LIMIT 15`,
    ),
    selectRows<{ channel: EngagementChannel; last30: number; last90: number }>(
      db,
      sql`SELECT channel, (count(*) FILTER (WHERE occurred_at >= ${new Date(now.getTime() - 30 * DAY_MS).toISOString()}))::int AS last30,
                 count(*)::int AS last90
          FROM engagement_events
          WHERE member_id = ${id} AND occurred_at >= ${new Date(now.getTime() - 90 * DAY_MS).toISOString()} AND occurred_at <= ${now.toISOString()}
          GROUP BY channel ORDER BY count(*) DESC, channel`,
    ),
  ]);

  const main = figures[0];
  const currency: Currency = main?.currency ?? "EUR";
  const lastMs = figures.reduce<number | null>((acc, f) => (f.last_ms !== null && (acc === null || f.last_ms > acc) ? f.last_ms : acc), null);
  const firstMs = figures.reduce<number | null>((acc, f) => (f.first_ms !== null && (acc === null || f.first_ms < acc) ? f.first_ms : acc), null);
  const [categoryMix, channelMix, monthlySpend] = await Promise.all([
    memberCategoryMix(db, id, currency),
    memberChannelMix(db, id, currency),
    memberMonthlySpend(db, id, currency, params.timeZone ?? "UTC", now),
  ]);

  return {
    profile: {
      id: profile.id,
      displayName: displayName(profile.first_name, profile.last_name, profile.external_id),
      firstName: profile.first_name,
      lastName: profile.last_name,
      email: profile.email,
      phone: profile.phone,
      birthDate: profile.birth_date,
      postcode: profile.postcode,
      city: profile.city,
      countryCode: profile.country_code,
      locale: profile.locale,
      externalId: profile.external_id,
      homeStore: profile.home_store_id && profile.store_name ? { id: profile.home_store_id, name: profile.store_name } : null,
      joinedAt: new Date(profile.joined_ms),
      status: profile.status,
    },
    identities: identities.map((i) => ({ kind: i.kind, value: i.value, createdAt: new Date(i.created_ms) })),
    kpis: {
      currency,
      purchases: figures.reduce((n, f) => n + f.purchases, 0),
      returns: figures.reduce((n, f) => n + f.returns, 0),
      salesMinor: main?.sales_minor ?? 0,
      returnsMinor: main?.returns_minor ?? 0,
      spendMinor: (main?.sales_minor ?? 0) + (main?.returns_minor ?? 0),
      averageBasketMinor: main && main.purchases > 0 ? Math.round(main.sales_minor / main.purchases) : null,
      firstPurchaseAt: firstMs === null ? null : new Date(firstMs),
      lastPurchaseAt: lastMs === null ? null : new Date(lastMs),
      daysSinceLastPurchase: lastMs === null ? null : Math.max(0, Math.floor((now.getTime() - lastMs) / DAY_MS)),
      otherCurrencies: figures.slice(1).map((f) => ({ currency: f.currency, minor: f.sales_minor + f.returns_minor })),
    },
    receipts: { items: receipts, total: figures.reduce((n, f) => n + f.purchases + f.returns, 0) },
    categoryMix,
    channelMix,
    monthlySpend,
    engagement: {
      recent: events.map((e) => ({ id: e.id, channel: e.channel, type: e.type, occurredAt: new Date(e.occurred_ms) })),
      byChannel: eventCounts.map((c) => ({ channel: c.channel, last30Days: c.last30, last90Days: c.last90 })),
    },
  };
}

async function listReceipts(db: Db, memberId: string, limit: number): Promise<Receipt[]> {
  const heads = await selectRows<{
    id: number;
    occurred_ms: number;
    store_name: string;
    channel: SalesChannel;
    kind: "sale" | "return";
    currency: Currency;
    total_minor: number;
    discount_minor: number;
    item_count: number;
  }>(
    db,
    sql`SELECT t.id::float8 AS id, ${epochMs(sql`t.occurred_at`)} AS occurred_ms, s.name AS store_name, t.channel, t.kind,
               t.currency, t.total_minor::float8 AS total_minor, t.discount_minor::float8 AS discount_minor, t.item_count
        FROM transactions t JOIN stores s ON s.id = t.store_id
        WHERE t.member_id = ${memberId} ORDER BY t.occurred_at DESC, t.id DESC LIMIT ${limit}`,
  );
  if (heads.length === 0) return [];
  const lines = await selectRows<{
    transaction_id: number;
    line_no: number;
    sku: string;
    product_name: string | null;
    category_name: string | null;
    quantity: number;
    amount_minor: number;
    discount_minor: number;
  }>(
    db,
    sql`SELECT l.transaction_id::float8 AS transaction_id, l.line_no, l.sku, p.name AS product_name, c.name AS category_name,
               l.quantity, l.amount_minor::float8 AS amount_minor, l.discount_minor::float8 AS discount_minor
        FROM transaction_lines l LEFT JOIN products p ON p.id = l.product_id LEFT JOIN categories c ON c.id = coalesce(l.category_id, p.category_id)
        WHERE l.transaction_id IN ${heads.map((h) => h.id)} ORDER BY l.transaction_id, l.line_no`,
  );
  const byReceipt = new Map<number, Receipt["lines"]>();
  for (const l of lines) {
    const list = byReceipt.get(l.transaction_id) ?? [];
    list.push({
      lineNo: l.line_no,
      sku: l.sku,
      productName: l.product_name,
      categoryName: l.category_name,
      quantity: l.quantity,
      amountMinor: l.amount_minor,
      discountMinor: l.discount_minor,
    });
    byReceipt.set(l.transaction_id, list);
  }
  return heads.map((h) => ({
    id: h.id,
    occurredAt: new Date(h.occurred_ms),
    storeName: h.store_name,
    channel: h.channel,
    kind: h.kind,
    currency: h.currency,
    totalMinor: h.total_minor,
    discountMinor: h.discount_minor,
    itemCount: h.item_count,
    lines: byReceipt.get(h.id) ?? [],
  }));
}

async function memberCategoryMix(db: Db, memberId: string, currency: Currency): Promise<Member360["categoryMix"]> {
  const rows = await selectRows<{ category_id: string | null; name: string | null; amount: number }>(
    db,
    sql`SELECT c.id AS category_id, c.name, sum(l.amount_minor)::float8 AS amount
        FROM transactions t JOIN transaction_lines l ON l.transaction_id = t.id
        LEFT JOIN products p ON p.id = l.product_id LEFT JOIN categories c ON c.id = coalesce(l.category_id, p.category_id)
        WHERE t.member_id = ${memberId} AND t.kind = 'sale' AND t.currency = ${currency}
        GROUP BY c.id, c.name HAVING sum(l.amount_minor) > 0 ORDER BY amount DESC, c.name`,
  );
  const total = rows.reduce((n, r) => n + r.amount, 0);
  return rows.map((r) => ({ categoryId: r.category_id, name: r.name, amountMinor: r.amount, share: total > 0 ? r.amount / total : 0 }));
}

async function memberChannelMix(db: Db, memberId: string, currency: Currency): Promise<Member360["channelMix"]> {
  const rows = await selectRows<{ channel: SalesChannel; purchases: number; amount: number }>(
    db,
    sql`SELECT channel, count(*)::int AS purchases, sum(total_minor)::float8 AS amount
        FROM transactions WHERE member_id = ${memberId} AND kind = 'sale' AND currency = ${currency}
        GROUP BY channel ORDER BY purchases DESC, channel`,
  );
  const total = rows.reduce((n, r) => n + r.purchases, 0);
  return rows.map((r) => ({ channel: r.channel, purchases: r.purchases, amountMinor: r.amount, share: total > 0 ? r.purchases / total : 0 }));
}

async function memberMonthlySpend(db: Db, memberId: string, currency: Currency, timeZone: string, now: Date): Promise<Member360["monthlySpend"]> {
  const rows = await selectRows<{ month: string; amount: number }>(
    db,
    sql`WITH months AS (
          SELECT generate_series(date_trunc('month', ${now.toISOString()}::timestamptz AT TIME ZONE ${timeZone}) - interval '11 months',
                                 date_trunc('month', ${now.toISOString()}::timestamptz AT TIME ZONE ${timeZone}), interval '1 month') AS month
        ), spend AS (
          SELECT date_trunc('month', occurred_at AT TIME ZONE ${timeZone}) AS month, sum(total_minor) AS amount
          FROM transactions
          WHERE member_id = ${memberId} AND currency = ${currency}
            AND occurred_at >= (SELECT min(month) FROM months) AT TIME ZONE ${timeZone}
          GROUP BY 1
        )
        SELECT to_char(months.month, 'YYYY-MM') AS month, coalesce(spend.amount, 0)::float8 AS amount
        FROM months LEFT JOIN spend ON spend.month = months.month ORDER BY months.month`,
  );
  return rows.map((r) => ({ month: r.month, amountMinor: r.amount }));
}

/** The stores a caller may filter the member list by: all stores, or a store manager's own. */
export async function listScopeStores(db: Db, params: { scope: Scope }): Promise<Array<{ id: string; name: string }>> {
  const where = storeCondition(sql`s.id`, params.scope);
  return selectRows<{ id: string; name: string }>(db, sql`SELECT s.id, s.name FROM stores s WHERE ${where} ORDER BY s.name, s.id`);
}
