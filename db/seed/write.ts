import { hash } from "bcryptjs";
import type { DbHandle, RawSession } from "../client";
import { analyzeBulkTables, bulkTablesEmpty, prepareBulkLoad, finishBulkLoad } from "./bulk-load";
import { DEMO_USERS, demoUserEmail } from "./demo-users";
import type { GeneratedEvent } from "./engagement";
import { emptyChunk, generateMemberChunks, type MemberChunk } from "./generate";
import type { ProgramPlan } from "./plan";
import type { GeneratedTransaction } from "./purchases";
import { emptyTally, writePastCampaigns, writePastOffers } from "./write-campaigns";

export const PROGRAM_NAME = "Nordlicht Coffee & Goods";
export const PROGRAM_TIMEZONE = "Europe/Berlin";
const CURRENCY = "EUR";
const BCRYPT_COST = 10;
/**
 * Serialises id-block reservations of concurrent seeders (say, two test files seeding one shared
 * PostgreSQL); any constant works as long as every seeder uses the same one.
 */
const ID_BLOCK_LOCK_KEY = 7_020_002;

export const SEED_TABLES = [
  "program_settings",
  "stores",
  "categories",
  "products",
  "staff_users",
  "staff_user_stores",
  "members",
  "member_identities",
  "ground_truth.members",
  "ground_truth.offer_response",
  "transactions",
  "transaction_lines",
  "engagement_events",
  "rewards",
  "campaigns",
  "campaign_variants",
  "campaign_runs",
  "campaign_recipients",
  "audit_log",
] as const;
export type SeedTable = (typeof SEED_TABLES)[number];
export type TableCounts = Record<SeedTable, number>;

export interface WriteProgress {
  membersWritten: number;
  members: number;
  rowsWritten: number;
}

function* mapRows<T>(items: readonly T[], toRow: (item: T) => readonly unknown[]): Generator<readonly unknown[]> {
  for (const item of items) yield toRow(item);
}

const at = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

/**
 * Reserves `count` consecutive transaction ids. Lines must name their receipt's id in the same COPY run, so
 * ids are assigned here rather than by the column default. nextval is the only safe claim on a sequence
 * while other sessions insert: ids taken one by one in one statement are ours even if another session
 * interleaves; then the block is just not consecutive, so it is dropped (a gap, harmless) and taken again.
 */
async function reserveTransactionIds(raw: RawSession, sequence: string, count: number): Promise<number> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const [block] = await raw.query<{ lo: string; hi: string }>(
      "select min(v)::text as lo, max(v)::text as hi from (select nextval($1::regclass) as v from generate_series(1, $2::int)) ids",
      [sequence, count],
    );
    const lo = Number(block?.lo);
    if (Number(block?.hi) - lo + 1 === count) return lo;
  }
  throw new Error("could not reserve a consecutive block of transaction ids: too many concurrent inserts");
}

async function writeFixedRows(raw: RawSession, plan: ProgramPlan, counts: TableCounts): Promise<void> {
  // Only the real demo writes the settings row: its presence marks a database holding a program
  // (isSeeded), and a tagged run shares its database with tests and, later, with the demo itself.
  if (plan.tag === undefined) {
    const settings = await raw.query(
      "insert into program_settings (id, name, currency, timezone, demo) values (1, $1, $2, $3, true) on conflict (id) do nothing returning id",
      [PROGRAM_NAME, CURRENCY, PROGRAM_TIMEZONE],
    );
    counts.program_settings = settings.length;
  }
  counts.stores = await raw.copyIn(
    "stores",
    ["id", "code", "name", "kind", "city", "country_code", "currency", "timezone"],
    mapRows(plan.stores, (s) => [s.id, s.dbCode, s.name, s.kind, s.city, s.countryCode, CURRENCY, s.timezone]),
  );
  counts.categories = await raw.copyIn("categories", ["id", "code", "name"], mapRows(plan.catalog.categories, (c) => [c.id, c.code, c.name]));
  counts.products = await raw.copyIn(
    "products",
    ["id", "sku", "name", "category_id", "price_minor", "currency"],
    mapRows(plan.catalog.products, (p) => [p.id, p.sku, p.name, p.categoryId, p.priceMinor, CURRENCY]),
  );
}

async function writeDemoUsers(raw: RawSession, plan: ProgramPlan, passwordHashes: readonly string[], counts: TableCounts): Promise<void> {
  const storeIdByCode = new Map(plan.stores.map((s) => [s.code, s.id]));
  for (const [i, user] of DEMO_USERS.entries()) {
    const [row] = await raw.query<{ id: string }>(
      "insert into staff_users (email, name, password_hash, role) values ($1, $2, $3, $4) returning id",
      [demoUserEmail(user, plan.tag), user.name, passwordHashes[i], user.role],
    );
    counts.staff_users++;
    for (const code of user.storeCodes) {
      await raw.query("insert into staff_user_stores (staff_user_id, store_id) values ($1, $2)", [row?.id, storeIdByCode.get(code)]);
      counts.staff_user_stores++;
    }
  }
}

async function writeMembers(raw: RawSession, chunk: MemberChunk, counts: TableCounts): Promise<void> {
  counts.members += await raw.copyIn(
    "members",
    ["id", "external_id", "email", "phone", "first_name", "last_name", "birth_date", "postcode", "city", "country_code", "locale", "home_store_id", "joined_at"],
    mapRows(chunk.members, (m) => [
      m.id, m.externalId, m.email, m.phone, m.firstName, m.lastName, m.birthDate, m.postcode, m.city, m.countryCode, m.locale, m.homeStoreId, at(m.joinedAtMs),
    ]),
  );
  counts.member_identities += await raw.copyIn(
    "member_identities",
    ["id", "member_id", "kind", "value"],
    mapRows(chunk.identities, (i) => [i.id, i.memberId, i.kind, i.value]),
  );
  counts["ground_truth.members"] += await raw.copyIn(
    "ground_truth.members",
    ["member_id", "purchase_rate_per_year", "lapse_probability", "lapsed_at", "behaviour_group", "price_sensitivity"],
    mapRows(chunk.truths, (t) => [t.memberId, t.purchaseRatePerYear, t.lapseProbability, at(t.lapsedAtMs), t.behaviourGroup, t.priceSensitivity]),
  );
  counts["ground_truth.offer_response"] += await raw.copyIn(
    "ground_truth.offer_response",
    ["member_id", "offer_type", "propensity"],
    mapRows(chunk.offers, (o) => [o.memberId, o.offerType, o.propensity]),
  );
}

/** Positions 0..n-1 ordered by time, ties in generation order. */
function timeOrder(items: readonly { occurredAtMs: number }[]): Uint32Array {
  const order = Uint32Array.from(items, (_, i) => i);
  return order.sort((a, b) => (items[a]?.occurredAtMs ?? 0) - (items[b]?.occurredAtMs ?? 0) || a - b);
}

/**
 * COPYs a batch of receipts and events, in time order while the tables' indexes are live. Each table has
 * an index on occurred_at; rows in member order land on random pages of it (once it outgrows the buffer
 * cache, a page read and write per row), rows in time order make one sweep. The member-keyed indexes do
 * not suffer: the batch's members have consecutive ids (Random.sequentialUuid), so their entries share
 * the index's right edge. Transaction ids follow the written order.
 */
async function writeReceipts(raw: RawSession, batch: MemberChunk, sequence: string, inTimeOrder: boolean, counts: TableCounts): Promise<void> {
  const { transactions, events } = batch;
  if (transactions.length > 0) {
    // With live indexes (a tagged run, or a database that held data), the sale-links trigger (migration
    // 0018) would run the plan it cached when it first ran on a nearly empty transactions table: on PGlite,
    // which has no autovacuum, nested loops over every receipt of the batch (a 2,500-member test seed took
    // 97 s instead of 6 when one receipt had been written before). Fresh statistics invalidate that plan, and
    // the trigger plans again for the table as the COPY leaves it.
    if (inTimeOrder) await raw.query("analyze transactions");
    const order = inTimeOrder ? timeOrder(transactions) : Uint32Array.from(transactions, (_, i) => i);
    const firstId = await reserveTransactionIds(raw, sequence, transactions.length);
    const idOf = new Float64Array(transactions.length);
    order.forEach((position, rank) => (idOf[position] = firstId + rank));
    counts.transactions += await raw.copyIn(
      "transactions",
      [
        "id", "member_id", "store_id", "channel", "kind", "original_transaction_id", "occurred_at", "prev_sale_at", "prev2_sale_at",
        "currency", "total_minor", "discount_minor", "item_count", "source", "external_id",
      ],
      transactionRows(transactions, order, idOf),
    );
    counts.transaction_lines += await raw.copyIn(
      "transaction_lines",
      ["transaction_id", "line_no", "product_id", "sku", "category_id", "quantity", "amount_minor", "discount_minor"],
      lineRows(transactions, order, idOf),
    );
  }
  const ordered = inTimeOrder ? Array.from(timeOrder(events), (i) => events[i] as GeneratedEvent) : events;
  counts.engagement_events += await raw.copyIn(
    "engagement_events",
    ["member_id", "channel", "type", "occurred_at", "properties", "source", "external_id"],
    mapRows(ordered, (e) => [e.memberId, e.channel, e.type, at(e.occurredAtMs), e.properties, e.source, e.externalId]),
  );
}

function* transactionRows(transactions: readonly GeneratedTransaction[], order: Uint32Array, idOf: Float64Array): Generator<readonly unknown[]> {
  for (const i of order) {
    const t = transactions[i] as GeneratedTransaction;
    const original = t.originalIndex === null ? null : idOf[t.originalIndex];
    yield [
      idOf[i], t.memberId, t.storeId, t.channel, t.kind, original, at(t.occurredAtMs), at(t.prevSaleAtMs), at(t.prev2SaleAtMs),
      CURRENCY, t.totalMinor, t.discountMinor, t.itemCount, t.source, t.externalId,
    ];
  }
}

function* lineRows(transactions: readonly GeneratedTransaction[], order: Uint32Array, idOf: Float64Array): Generator<readonly unknown[]> {
  for (const i of order) {
    for (const l of (transactions[i] as GeneratedTransaction).lines) {
      yield [idOf[i], l.lineNo, l.productId, l.sku, l.categoryId, l.quantity, l.amountMinor, l.discountMinor];
    }
  }
}

function totalRows(counts: TableCounts): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/** Moves a chunk's receipts (returns rebased onto the batch) and events into the batch. */
function appendReceipts(batch: MemberChunk, chunk: MemberChunk): void {
  const base = batch.transactions.length;
  for (const t of chunk.transactions) batch.transactions.push(t.originalIndex === null ? t : { ...t, originalIndex: base + t.originalIndex });
  for (const e of chunk.events) batch.events.push(e);
}

/**
 * Writes the planned program in one database transaction: a failure anywhere leaves nothing behind.
 * Members are generated and COPYed chunk by chunk; their receipts and events wait for a batch of
 * plan.writeBatchMembers members and go in time order while indexes are live (see writeReceipts).
 */
export async function writeProgram(handle: DbHandle, plan: ProgramPlan, onProgress?: (progress: WriteProgress) => void): Promise<TableCounts> {
  // bcrypt is slow on purpose; hash before the transaction so it holds no locks meanwhile.
  const passwordHashes = await Promise.all(DEMO_USERS.map((user) => hash(user.password, BCRYPT_COST)));
  const counts = Object.fromEntries(SEED_TABLES.map((table) => [table, 0])) as TableCounts;
  await handle.rawTransaction(async (raw) => {
    await raw.query("select pg_advisory_xact_lock($1)", [ID_BLOCK_LOCK_KEY]);
    const [seq] = await raw.query<{ name: string }>("select pg_get_serial_sequence('transactions', 'id') as name");
    if (!seq?.name) throw new Error("transactions.id has no sequence");
    await writeFixedRows(raw, plan, counts);
    await writeDemoUsers(raw, plan, passwordHashes, counts);
    // Only the real demo seed of an empty database rebuilds indexes afterwards; a tagged run shares its
    // database and must not lock other sessions out of it.
    const restore = plan.tag === undefined && (await bulkTablesEmpty(raw)) ? await prepareBulkLoad(raw) : [];
    const indexed = restore.length === 0;
    let membersWritten = 0;
    const tally = emptyTally(plan.pastCampaigns);
    let batch = emptyChunk();
    let membersInBatch = 0;
    for (const chunk of generateMemberChunks(plan)) {
      await writeMembers(raw, chunk, counts);
      counts.campaign_recipients += await writePastOffers(raw, plan.pastCampaigns, chunk.pastOffers, tally);
      appendReceipts(batch, chunk);
      membersInBatch += chunk.members.length;
      membersWritten += chunk.members.length;
      if (membersInBatch >= plan.writeBatchMembers || membersWritten === plan.members) {
        await writeReceipts(raw, batch, seq.name, indexed, counts);
        batch = emptyChunk();
        membersInBatch = 0;
      }
      onProgress?.({ membersWritten, members: plan.members, rowsWritten: totalRows(counts) });
    }
    Object.assign(counts, await writePastCampaigns(raw, plan.pastCampaigns, tally));
    await finishBulkLoad(raw, restore);
    await analyzeBulkTables(raw);
    await raw.query(
      "insert into audit_log (actor_kind, action, entity_type, entity_id, after) values ('system', 'program.demo_seeded', 'program', '1', $1::jsonb)",
      [JSON.stringify({ members: plan.members, months: plan.months, seed: plan.seed, tag: plan.tag ?? null })],
    );
    counts.audit_log = 1;
  });
  return counts;
}
