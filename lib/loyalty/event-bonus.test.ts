import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { engagementEvents } from "@/db/schema";
import type { EngagementType } from "@/db/schema/enums";
import { openTestDatabase } from "@/test/db";
import { ledgerCheck, makeLoyaltyFixture, type LoyaltyFixture } from "@/test/loyalty";
import { createTier } from "./admin-program";
import { awardEventBonus } from "./event-bonus";
import { getMemberLoyalty } from "./member-loyalty";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle.close());

let events = 0;
async function storeEvent(f: LoyaltyFixture, memberId: string, type: EngagementType, occurredAt: string): Promise<number> {
  events++;
  const [row] = await handle.db
    .insert(engagementEvents)
    .values({ memberId, channel: "app", type, occurredAt: new Date(occurredAt), source: `${f.tag}-app`, externalId: `E${events}` })
    .returning({ id: engagementEvents.id });
  if (!row) throw new Error("event insert failed");
  return row.id;
}

describe("awardEventBonus", () => {
  it("20 points per review up to 60 a month: four reviews in March earn 20, 20, 20, 0; a replay credits nothing", async () => {
    const f = await makeLoyaltyFixture(handle.db);
    await f.rule({ name: "Review bonus", kind: "bonus", trigger: "review", points: 20, capPerMonth: 60 });
    const m = await f.makeMember();
    const ids = [];
    for (const day of [2, 9, 16, 23]) ids.push(await storeEvent(f, m.id, "review", `2026-03-${String(day).padStart(2, "0")}T12:00:00Z`));
    const results = [];
    for (const eventId of ids) results.push(await awardEventBonus(handle.db, { eventId }, f.ctx(new Date("2026-03-25T00:00:00Z"))));
    expect(results.map((r) => [r.status, r.points])).toEqual([
      ["credited", 20],
      ["credited", 20],
      ["credited", 20],
      ["none", 0],
    ]);
    expect(await awardEventBonus(handle.db, { eventId: ids[0] ?? 0 }, f.ctx())).toMatchObject({ status: "replayed", points: 20 });
    const check = await ledgerCheck(handle.db, f.programId, m.id);
    expect(check.cached).toEqual(check.ledger);
    expect([check.cached.available, check.cached.earned]).toEqual([60, 60]);
  });

  it("an app sign-up bonus of 100 points lifts a member into the 100-point tier at once; a page view earns nothing", async () => {
    const f = await makeLoyaltyFixture(handle.db);
    await f.rule({ name: "App sign-up", kind: "bonus", trigger: "app_signup", points: 100 });
    const starter = await createTier(handle.db, { name: "Starter", rank: 1, threshold: 100 }, { actor: f.actor, programId: f.programId });
    const m = await f.makeMember();
    const signup = await storeEvent(f, m.id, "app_signup", "2026-03-02T12:00:00Z");
    expect((await awardEventBonus(handle.db, { eventId: signup }, f.ctx(new Date("2026-03-02T13:00:00Z")))).points).toBe(100);
    const check = await ledgerCheck(handle.db, f.programId, m.id);
    expect(check.cached.available).toBe(100);
    const panel = await getMemberLoyalty(handle.db, { memberId: m.id, scope: { kind: "all" }, programId: f.programId, now: new Date("2026-03-02T13:00:00Z") });
    expect(panel?.tier.current?.id).toBe(starter);
    const view = await storeEvent(f, m.id, "page_view", "2026-03-02T12:05:00Z");
    expect(await awardEventBonus(handle.db, { eventId: view }, f.ctx())).toEqual({ status: "none", points: 0, explanations: [] });
  });
});
