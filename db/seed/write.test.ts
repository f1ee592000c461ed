import { compare } from "bcryptjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPrivateDatabase, openTestDatabase, uniqueTag } from "../../test/db";
import type { DbHandle } from "../client";
import { DEMO_PASSWORD, DEMO_USERS, demoUserEmail } from "./demo-users";
import { isSeeded, livingProgramMissing, seedDemoProgram, seedLivingProgram, type SeedDemoResult } from "./program";
import { generateSample, type ProgramSample } from "./testing";
import { getProgramConfig, resolveProgramId } from "../queries/loyalty/config";
import { listRewards } from "../queries/loyalty/rewards";
import { ledgerCheck } from "../../test/loyalty";

const END = new Date("2025-07-01T00:00:00Z");

/** Sales whose stored links differ from the member's previous two sales recounted from scratch. */
const LINK_MISMATCHES = `
  select count(*)::int as n from (
    select prev_sale_at, prev2_sale_at, lag(occurred_at) over w as p1, lag(occurred_at, 2) over w as p2
      from transactions t where kind = 'sale' and member_id in (select id from members where external_id like $1)
    window w as (partition by member_id order by occurred_at, id)) s
   where prev_sale_at is distinct from p1 or prev2_sale_at is distinct from p2`;

async function one<T extends Record<string, unknown>>(handle: DbHandle, text: string, params: unknown[]): Promise<T> {
  const [row] = await handle.rawTransaction((raw) => raw.query<T>(text, params));
  if (!row) throw new Error(`no row from: ${text}`);
  return row;
}

describe("writing a tagged program of 120 members over 6 months", () => {
  let handle: DbHandle;
  let tag: string;
  let result: SeedDemoResult;
  let expected: ProgramSample;

  beforeAll(async () => {
    handle = await openTestDatabase();
    tag = uniqueTag("seed");
    expected = generateSample({ members: 120, months: 6, seed: 3, end: END, tag });
    result = await seedDemoProgram(handle, { members: 120, months: 6, seed: 3, end: END, tag, chunkSize: 25, writeBatchMembers: 50 });
  });
  afterAll(async () => {
    await handle.close();
  });

  it("reports per table exactly the rows the generator produced", () => {
    const { all, plan } = expected;
    expect(result.rows).toMatchObject({
      stores: plan.stores.length,
      categories: 12,
      products: plan.catalog.products.length,
      staff_users: 4,
      staff_user_stores: 3,
      members: 120,
      member_identities: all.identities.length,
      "ground_truth.members": 120,
      "ground_truth.offer_response": 720,
      transactions: all.transactions.length,
      transaction_lines: all.transactions.reduce((s, t) => s + t.lines.length, 0),
      engagement_events: all.events.length,
      audit_log: 1,
    });
    expect(all.transactions.length).toBeGreaterThan(200);
  });

  it("the database holds those rows under the run's tag", async () => {
    const counts = await one<Record<string, number>>(
      handle,
      `select (select count(*) from members where external_id like $1 || '-%')::int as members,
              (select count(*) from member_identities i join members m on m.id = i.member_id where m.external_id like $1 || '-%')::int as identities,
              (select count(*) from ground_truth.members g join members m on m.id = g.member_id where m.external_id like $1 || '-%')::int as truths,
              (select count(*) from transactions t join members m on m.id = t.member_id where m.external_id like $1 || '-%')::int as transactions,
              (select count(*) from transaction_lines l join transactions t on t.id = l.transaction_id
                 join members m on m.id = t.member_id where m.external_id like $1 || '-%')::int as lines,
              (select count(*) from engagement_events e join members m on m.id = e.member_id where m.external_id like $1 || '-%')::int as events,
              (select count(*) from stores where code like $1 || '-%')::int as stores,
              (select count(*) from products where sku like $1 || '-%')::int as products`,
      [tag],
    );
    expect(counts).toEqual({
      members: 120,
      identities: result.rows.member_identities,
      truths: 120,
      transactions: result.rows.transactions,
      lines: result.rows.transaction_lines,
      events: result.rows.engagement_events,
      stores: result.rows.stores,
      products: result.rows.products,
    });
  });

  it("sales_daily, kept by the trigger, counts and sums exactly the generated sales and returns of the run's stores", async () => {
    const { all } = expected;
    const rollup = await one<{ transactions: number; returns: number; sales: string; returned: string }>(
      handle,
      `select coalesce(sum(d.transactions), 0)::int as transactions, coalesce(sum(d.returns), 0)::int as returns,
              coalesce(sum(d.sales_minor), 0)::text as sales, coalesce(sum(d.returns_minor), 0)::text as returned
         from sales_daily d join stores s on s.id = d.store_id where s.code like $1 || '-%'`,
      [tag],
    );
    expect(rollup).toEqual({
      transactions: all.transactions.filter((t) => t.kind === "sale").length,
      returns: all.transactions.filter((t) => t.kind === "return").length,
      sales: String(all.transactions.reduce((s, t) => s + (t.kind === "sale" ? t.totalMinor : 0), 0)),
      returned: String(all.transactions.reduce((s, t) => s + (t.kind === "return" ? t.totalMinor : 0), 0)),
    });
  });

  it("every return points at a sale of the same member and store, and every receipt's total equals its lines", async () => {
    const check = await one<{ bad_returns: number; bad_totals: number; returns: number }>(
      handle,
      `with mine as (select t.* from transactions t join members m on m.id = t.member_id where m.external_id like $1 || '-%')
       select (select count(*) from mine where kind = 'return')::int as returns,
              (select count(*) from mine r left join transactions s on s.id = r.original_transaction_id
                 where r.kind = 'return' and (s.kind is distinct from 'sale' or s.member_id <> r.member_id or s.store_id <> r.store_id))::int as bad_returns,
              (select count(*) from mine t where t.total_minor <> (select sum(amount_minor) from transaction_lines l where l.transaction_id = t.id)
                 or t.item_count <> (select sum(quantity) from transaction_lines l where l.transaction_id = t.id))::int as bad_totals`,
      [tag],
    );
    expect(check).toEqual({ returns: expected.all.transactions.filter((t) => t.kind === "return").length, bad_returns: 0, bad_totals: 0 });
  });

  it("the generator's sale links are what the link trigger keeps: 0 mismatches, none of them updated", async () => {
    const mismatches = await one<{ n: number }>(handle, LINK_MISMATCHES, [`${tag}-%`]);
    expect(mismatches.n).toBe(0);
    const byExternalId = new Map(expected.all.transactions.map((t) => [t.externalId, t]));
    const stored = await handle.rawTransaction((raw) =>
      raw.query<{ external_id: string; prev: number | null }>(
        `select t.external_id, (extract(epoch from t.prev_sale_at) * 1000)::float8 as prev
           from transactions t join members m on m.id = t.member_id where m.external_id like $1 || '-%' and t.kind = 'sale'`,
        [tag],
      ),
    );
    expect(stored.length).toBeGreaterThan(200);
    for (const row of stored) expect(row.prev).toBe(byExternalId.get(row.external_id)?.prevSaleAtMs ?? null);
  });

  it("demo users sign in with the demo password; the Berlin manager reaches BER-01 and BER-02 only", async () => {
    const admin = DEMO_USERS[0];
    if (!admin) throw new Error("no demo users");
    const row = await one<{ password_hash: string; role: string }>(handle, "select password_hash, role from staff_users where email = $1", [
      demoUserEmail(admin, tag),
    ]);
    expect(row.role).toBe("admin");
    expect(await compare(DEMO_PASSWORD, row.password_hash)).toBe(true);
    const berlin = DEMO_USERS.find((u) => u.email.startsWith("manager.berlin"));
    if (!berlin) throw new Error("no Berlin manager");
    const stores = await handle.rawTransaction((raw) =>
      raw.query<{ code: string }>(
        `select s.code from staff_user_stores us join staff_users u on u.id = us.staff_user_id join stores s on s.id = us.store_id
          where u.email = $1 order by s.code`,
        [demoUserEmail(berlin, tag)],
      ),
    );
    expect(stores.map((s) => s.code)).toEqual([`${tag}-BER-01`, `${tag}-BER-02`]);
  });

  it("a clash half-way (a staff e-mail already taken) rolls back everything the run had written", async () => {
    const clashTag = uniqueTag("clash");
    const admin = DEMO_USERS[0];
    if (!admin) throw new Error("no demo users");
    await handle.rawTransaction((raw) =>
      raw.query("insert into staff_users (email, name, password_hash, role) values ($1, 'Taken', 'x', 'admin')", [demoUserEmail(admin, clashTag)]),
    );
    await expect(seedDemoProgram(handle, { members: 20, months: 2, seed: 4, end: END, tag: clashTag })).rejects.toThrow();
    const left = await one<{ stores: number; products: number; members: number }>(
      handle,
      `select (select count(*) from stores where code like $1 || '-%')::int as stores,
              (select count(*) from products where sku like $1 || '-%')::int as products,
              (select count(*) from members where external_id like $1 || '-%')::int as members`,
      [clashTag],
    );
    expect(left).toEqual({ stores: 0, products: 0, members: 0 });
  });
});


const SCHEMA_SNAPSHOT = `
  select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) as d
    from pg_constraint where connamespace in ('public'::regnamespace, 'ground_truth'::regnamespace)
  union all
  select pg_get_indexdef(i.indexrelid) from pg_index i join pg_class c on c.oid = i.indrelid
   where c.relnamespace in ('public'::regnamespace, 'ground_truth'::regnamespace)
  order by 1`;

describe("the real demo seed (untagged) into an empty database", () => {
  let db: { handle: DbHandle; dispose: () => Promise<void> };
  let before: string[];
  let result: SeedDemoResult;

  beforeAll(async () => {
    db = await openPrivateDatabase();
    before = (await db.handle.rawTransaction((raw) => raw.query<{ d: string }>(SCHEMA_SNAPSHOT))).map((r) => r.d);
    result = await seedDemoProgram(db.handle, { members: 300, months: 12, seed: 8, end: END });
  });
  afterAll(async () => {
    await db.dispose();
  });

  it("leaves every index, key and foreign key exactly as the migrations made them, all validated", async () => {
    const after = (await db.handle.rawTransaction((raw) => raw.query<{ d: string }>(SCHEMA_SNAPSHOT))).map((r) => r.d);
    expect(before.length).toBeGreaterThan(30);
    expect(after).toEqual(before);
  });

  it("writes the demo program: marked demo, with the plain demo e-mails and store codes, all rows counted", async () => {
    const row = await one<{ demo: boolean; name: string; admins: number; stores: number; members: number; transactions: number }>(
      db.handle,
      `select p.demo, p.name, (select count(*) from staff_users where email = $1)::int as admins,
              (select count(*) from stores where code in ('BER-01', 'ONLINE'))::int as stores,
              (select count(*) from members)::int as members, (select count(*) from transactions)::int as transactions
         from program_settings p`,
      [DEMO_USERS[0]?.email],
    );
    expect(row).toEqual({ demo: true, name: "Nordlicht Coffee & Goods", admins: 1, stores: 2, members: 300, transactions: result.rows.transactions });
    expect(result.rows.transactions).toBeGreaterThan(1000);
  });

  it("once the demo is written, isSeeded says so and a second untagged seed is refused", async () => {
    expect(await isSeeded(db.handle)).toBe(true);
    await expect(seedDemoProgram(db.handle, { members: 5, months: 1, seed: 1, end: END })).rejects.toThrow(/already holds a program/);
  });

  it("the sale links are right although the link trigger was off during the load, and it is on again afterwards", async () => {
    const mismatches = await one<{ n: number }>(db.handle, LINK_MISMATCHES, ["%"]);
    expect(mismatches.n).toBe(0);
    const trigger = await one<{ enabled: string }>(
      db.handle,
      "select tgenabled::text as enabled from pg_trigger where tgname = 'transactions_link_sales'",
      [],
    );
    expect(trigger.enabled).toBe("O");
  });

  it("sales_daily still follows every receipt: its net revenue equals the sum of all transaction totals", async () => {
    const row = await one<{ rollup: string; receipts: string }>(
      db.handle,
      `select (select sum(sales_minor + returns_minor) from sales_daily)::text as rollup, (select sum(total_minor) from transactions)::text as receipts`,
      [],
    );
    expect(row.rollup).toBe(row.receipts);
  });

  it("is a living loyalty program: the default program's rules, tiers and rewards, the history's points with every balance equal to its ledger, and consents", async () => {
    const drizzleDb = db.handle.db;
    const programId = await resolveProgramId(drizzleDb);
    const config = await getProgramConfig(drizzleDb, programId);
    expect(config.rules.map((r) => r.kind).sort()).toEqual(["base_rate", "bonus", "bonus", "bonus", "bonus", "multiplier"]);
    expect(config.tiers.map((t) => t.name)).toEqual(["Member", "Silver", "Gold"]);
    expect(config.name).toBe("Nordlicht Coffee & Goods");
    // Six rewards of the loyalty configuration, nine offers of the generated past campaigns (past-campaigns.ts).
    expect((await listRewards(drizzleDb, { programId })).length).toBe(6 + 9);
    expect(result.living).toMatchObject({ configured: true, points: { receipts: expect.any(Number) } });
    expect(result.living!.points.receipts).toBeGreaterThan(1000);

    const balances = await one<{ members: number; with_sales: number; tiers: number; points: number }>(
      db.handle,
      `select count(*)::int as members, (select count(distinct member_id)::int from transactions where kind = 'sale' and member_id is not null) as with_sales,
              count(distinct tier_id)::int as tiers, sum(lifetime_earned)::float8 as points
         from member_points where program_id = $1`,
      [programId],
    );
    expect(balances.members).toBe(balances.with_sales);
    expect(balances.tiers).toBeGreaterThanOrEqual(2);
    expect(balances.points).toBeGreaterThan(0);
    const ids = await db.handle.rawTransaction((raw) => raw.query<{ member_id: string }>("select member_id from member_points where program_id = $1", [programId]));
    for (const { member_id } of ids) {
      const check = await ledgerCheck(drizzleDb, programId, member_id);
      expect(check.cached, member_id).toEqual(check.ledger);
      expect(check.inconsistentLots).toBe(0);
    }

    const consents = await one<{ members: number; events: number; email: number }>(
      db.handle,
      `select count(distinct member_id)::int as members, count(*)::int as events,
              (select count(*)::int from member_consents where purpose = 'marketing_email' and status = 'granted') as email
         from consent_events`,
      [],
    );
    // Personalization and analytics rest on legitimate interest for everyone; about 62% of those with an
    // e-mail address allow e-mail marketing.
    expect(consents.members).toBe(300);
    expect(consents.events).toBe(result.living!.consentEvents);
    expect(consents.email).toBeGreaterThan(60);

    // What `npm run demo` does for a demo seeded without it finds nothing missing here, and adds nothing.
    expect(await livingProgramMissing(drizzleDb)).toBe(false);
    const again = await seedLivingProgram(drizzleDb, { seed: 8, now: END });
    expect(again).toMatchObject({ configured: false, points: { receipts: 0, entries: 0 }, consentEvents: 0 });
  });
});
