/**
 * The basket preview's route: the program's wall clock becomes an instant, bad lines are named, and a store
 * manager cannot preview (and so learn the tier or history of) a member of another store. The database is
 * real; only next-auth's session lookup is replaced, as in lib/auth/entry-points.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setDatabaseForTests } from "@/db";
import type { DbHandle } from "@/db/client";
import { eq } from "drizzle-orm";
import { members, staffUsers, staffUserStores, stores, transactions } from "@/db/schema";
import { zonedToIso } from "@/lib/loyalty/form-values";
import { openTestDatabase, uniqueTag } from "@/test/db";
import { POST } from "./route";

const session = vi.hoisted(() => ({ current: null as { user: { id: string } } | null }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => session.current, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

let handle: DbHandle;
const tag = uniqueTag("dry");
const ids = { admin: "", manager: "", member: "" };

beforeAll(async () => {
  handle = await openTestDatabase();
  setDatabaseForTests(handle);
  const [home, other] = await handle.db
    .insert(stores)
    .values([
      { code: `${tag}-A`, name: `A ${tag}`, kind: "physical", countryCode: "DE", currency: "EUR", timezone: "Europe/Berlin" },
      { code: `${tag}-B`, name: `B ${tag}`, kind: "physical", countryCode: "DE", currency: "EUR", timezone: "Europe/Berlin" },
    ])
    .returning({ id: stores.id });
  const [member] = await handle.db.insert(members).values({ externalId: `${tag}-M1`, joinedAt: new Date("2025-01-01T00:00:00Z"), homeStoreId: home!.id }).returning({ id: members.id });
  const staff = await handle.db
    .insert(staffUsers)
    .values([
      { email: `${tag}-admin@dry-run.test`, name: "Admin", role: "admin", passwordHash: "x" },
      { email: `${tag}-manager@dry-run.test`, name: "Manager", role: "store_manager", passwordHash: "x" },
    ])
    .returning({ id: staffUsers.id });
  await handle.db.insert(staffUserStores).values({ staffUserId: staff[1]!.id, storeId: other!.id });
  Object.assign(ids, { admin: staff[0]!.id, manager: staff[1]!.id, member: member!.id });
});
afterAll(async () => handle.close());

async function preview(as: "admin" | "manager", basket: Record<string, unknown>) {
  session.current = { user: { id: ids[as] } };
  const response = await POST(new Request("http://localhost/api/loyalty/dry-run", { method: "POST", body: JSON.stringify(basket) }), undefined);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: { code: string; fieldErrors?: Record<string, string[]> } } };
}

const basket = (values: Record<string, unknown> = {}) => ({
  memberExternalId: `${tag}-M1`,
  channel: "pos",
  storeCode: `${tag}-A`,
  occurredAt: "2026-03-11T15:00",
  currency: "EUR",
  lines: [{ sku: "BK-1", category: "books", quantity: 1, amount: "40.00" }],
  ...values,
});

describe("POST /api/loyalty/dry-run", () => {
  it("reads the time on the program's wall clock and answers for the member, writing nothing", async () => {
    const { status, body } = await preview("admin", basket());
    expect(status).toBe(200);
    expect(body.memberId).toBe(ids.member);
    expect(body.occurredAt).toBe(zonedToIso("2026-03-11T15:00", String(body.timeZone)));
    expect(body.lines).toEqual([expect.objectContaining({ lineNo: 1, amountMinor: 4000 })]);
    expect(await handle.db.select({ id: transactions.id }).from(transactions).where(eq(transactions.memberId, ids.member))).toEqual([]);
  });

  it("names a bad line by its place, and an empty member number means no member", async () => {
    const { status, body } = await preview("admin", basket({ memberExternalId: "", lines: [{ sku: "BK-1", category: "books", quantity: 1, amount: "40.001" }] }));
    expect(status).toBe(400);
    expect(Object.keys(body.error?.fieldErrors ?? {})).toEqual(["lines[0].amount"]);
    const anonymous = await preview("admin", basket({ memberExternalId: "" }));
    expect(anonymous.body.memberId).toBeNull();
  });

  it("a store manager previewing another store's member is told there is no such member", async () => {
    const { status, body } = await preview("manager", basket());
    expect(status).toBe(404);
    expect(body.error?.fieldErrors).toEqual({ memberExternalId: ["no such member"] });
  });
});
