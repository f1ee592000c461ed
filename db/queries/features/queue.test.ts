import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, uniqueTag } from "@/test/db";
import type { DbHandle } from "../../client";
import { extractMemberFeatures, readStoredFeatures } from "./extract";
import { addEvent, addMember, addReceipt, createWorld, type World } from "./fixtures";
import { queuedMemberFeatureRows, refreshQueuedMemberFeatures } from "./queue";
import { rebuildMemberFeatures } from "./refresh";

let handle: DbHandle;
let world: World;
const T0 = new Date("2025-05-01T10:00:00Z");

beforeAll(async () => {
  handle = await openTestDatabase();
  world = await createWorld(handle.db, uniqueTag("queue"));
});

afterAll(async () => {
  await handle?.close();
});

describe("member features kept current through the queue", () => {
  it("queues members on receipts and events, and the job brings their stored features to the point-in-time extraction", async () => {
    const { db } = handle;
    const buyer = await addMember(db, { email: `${world.tag}-buyer@example.com`, joinedAt: new Date("2024-01-01T00:00:00Z") });
    const reader = await addMember(db, { email: `${world.tag}-reader@example.com`, joinedAt: new Date("2024-01-01T00:00:00Z") });
    const idle = await addMember(db, { email: `${world.tag}-idle@example.com`, joinedAt: new Date("2024-01-01T00:00:00Z") });
    const members = [buyer, reader, idle];

    await addReceipt(db, world.tag, { memberId: buyer, storeId: world.stores.a, occurredAt: new Date("2025-04-20T12:00:00Z"), totalMinor: 4200, lines: [{ categoryId: world.categories.books.id, amountMinor: 4200 }] });
    await addReceipt(db, world.tag, { memberId: buyer, storeId: world.stores.online, channel: "online", occurredAt: new Date("2025-04-28T12:00:00Z"), totalMinor: 1800, lines: [{ categoryId: world.categories.coffee.id, amountMinor: 1800 }] });
    await addEvent(db, world.tag, { memberId: reader, channel: "app", type: "app_open", occurredAt: new Date("2025-04-29T09:00:00Z") });

    // One row per statement that touched a member: two receipts and one event; nothing for the idle member.
    expect(await queuedMemberFeatureRows(db, [buyer])).toBe(2);
    expect(await queuedMemberFeatureRows(db, [reader])).toBe(1);
    expect(await queuedMemberFeatureRows(db, [idle])).toBe(0);
    expect(await readStoredFeatures(db, { memberIds: [buyer, reader] })).toEqual([]);

    const result = await refreshQueuedMemberFeatures(db, T0, { only: members });
    expect(result).toMatchObject({ members: 2, rounds: 1 });
    expect(await queuedMemberFeatureRows(db, members)).toBe(0);

    const expected = await extractMemberFeatures(db, { asOf: T0, memberIds: [buyer, reader] });
    const stored = await readStoredFeatures(db, { memberIds: [buyer, reader] });
    expect(stored).toEqual(expected);
    const buyerRow = stored.find((f) => f.memberId === buyer);
    expect(buyerRow).toMatchObject({ purchases: 2, netSpendMinor: 6000 });

    // Nothing queued, nothing done.
    expect(await refreshQueuedMemberFeatures(db, T0, { only: members })).toMatchObject({ members: 0, rounds: 0 });
  });

  it("takes a member queued many times once", async () => {
    const { db } = handle;
    const member = await addMember(db, { email: `${world.tag}-busy@example.com`, joinedAt: new Date("2024-01-01T00:00:00Z") });
    for (let i = 0; i < 3; i++) {
      await addEvent(db, world.tag, { memberId: member, channel: "email", type: "email_open", occurredAt: new Date(T0.getTime() - (i + 1) * 3_600_000) });
    }
    expect(await queuedMemberFeatureRows(db, [member])).toBe(3);
    expect(await refreshQueuedMemberFeatures(db, T0, { only: [member] })).toMatchObject({ members: 1, rounds: 1 });
    expect(await readStoredFeatures(db, { memberIds: [member] })).toEqual(await extractMemberFeatures(db, { asOf: T0, memberIds: [member] }));
  });

  it("drops the queued rows of the members a set-based rebuild recomputes, and only theirs", async () => {
    const { db } = handle;
    const inside = await addMember(db, { email: `${world.tag}-rebuilt@example.com`, joinedAt: new Date("2024-01-01T00:00:00Z") });
    const outside = await addMember(db, { email: `${world.tag}-other@example.com`, joinedAt: new Date("2024-01-01T00:00:00Z") });
    for (const memberId of [inside, outside]) await addEvent(db, world.tag, { memberId, channel: "web", type: "page_view", occurredAt: new Date("2025-04-30T09:00:00Z") });
    await rebuildMemberFeatures(db, T0, { members: sql`m.email = ${`${world.tag}-rebuilt@example.com`}` });
    expect(await queuedMemberFeatureRows(db, [inside])).toBe(0);
    expect(await queuedMemberFeatureRows(db, [outside])).toBe(1);
    expect(await readStoredFeatures(db, { memberIds: [inside] })).toEqual(await extractMemberFeatures(db, { asOf: T0, memberIds: [inside] }));
  });
});
