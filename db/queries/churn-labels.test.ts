import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, uniqueTag } from "@/test/db";
import type { DbHandle } from "../client";
import { members, stores, transactions } from "../schema";
import { churnLabels } from "./churn-labels";

const DAY = 86_400_000;
const CUTOFF = new Date("2025-03-01T00:00:00Z");
const at = (days: number) => new Date(CUTOFF.getTime() + days * DAY);
const H = 30;

let handle: DbHandle;
let tag: string;
let storeId: string;
let receiptNo = 0;
const ids: Record<string, string> = {};

async function addMember(name: string, joinedDays: number, status: "active" | "erased" = "active"): Promise<string> {
  const [row] = await handle.db
    .insert(members)
    .values({ externalId: `${tag}-${name}`, homeStoreId: storeId, joinedAt: at(joinedDays), status })
    .returning({ id: members.id });
  ids[name] = row!.id;
  return row!.id;
}

async function addReceipt(name: string, days: number, totalMinor = 1000): Promise<void> {
  await handle.db.insert(transactions).values({
    memberId: ids[name],
    storeId,
    channel: "pos",
    kind: totalMinor < 0 ? "return" : "sale",
    occurredAt: at(days),
    currency: "EUR",
    totalMinor,
    itemCount: 1,
    source: `test-${tag}`,
    externalId: `r${++receiptNo}`,
  });
}

const labelsOf = async (horizonDays = H) => {
  const labels = await churnLabels(handle.db, { cutoff: CUTOFF, horizonDays, memberIds: Object.values(ids), observedUntil: at(400) });
  const names = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
  return Object.fromEntries(labels.map((l) => [names.get(l.memberId), l.churned]));
};

beforeAll(async () => {
  handle = await openTestDatabase();
  tag = uniqueTag("churn");
  const [store] = await handle.db
    .insert(stores)
    .values({ code: `${tag}-S`, name: `Store ${tag}`, kind: "physical", countryCode: "DE", currency: "EUR", timezone: "Europe/Berlin" })
    .returning({ id: stores.id });
  storeId = store!.id;
  for (const name of ["returning", "gone", "atCutoff", "atWindowEnd", "onlyReturn", "erased"]) {
    await addMember(name, -100, name === "erased" ? "erased" : "active");
    await addReceipt(name, -50);
  }
  await addReceipt("returning", 10);
  await addReceipt("atCutoff", 0);
  await addReceipt("atWindowEnd", H);
  await addReceipt("onlyReturn", 5, -1000);
  await addReceipt("erased", 10);
  // Not eligible: joined after the cutoff; joined before but first bought after it.
  await addMember("joinedLater", 1);
  await addReceipt("joinedLater", 2);
  await addMember("neverBoughtBefore", -100);
  await addReceipt("neverBoughtBefore", 5);
});

afterAll(async () => {
  await handle.close();
});

describe("churnLabels", () => {
  it("labels members who joined and bought before the cutoff: churned = no sale in [cutoff, cutoff + 30 days)", async () => {
    expect(await labelsOf()).toEqual({
      returning: false,
      gone: true,
      // A sale exactly at the cutoff is inside the window; one exactly 30 days later is outside it.
      atCutoff: false,
      atWindowEnd: true,
      // A return is not a purchase.
      onlyReturn: true,
    });
  });

  it("a longer horizon reaches the sale on day 30", async () => {
    expect((await labelsOf(31)).atWindowEnd).toBe(false);
  });

  it("changes no label when transactions arrive after cutoff + horizon", async () => {
    const before = await labelsOf();
    await addReceipt("gone", H + 1);
    await addReceipt("onlyReturn", H + 0.001);
    await addReceipt("returning", 200, -500);
    expect(await labelsOf()).toEqual(before);
  });

  it("refuses a window that runs past the end of the data, a bad horizon and a malformed member id", async () => {
    await expect(churnLabels(handle.db, { cutoff: CUTOFF, horizonDays: 90, observedUntil: at(89) })).rejects.toThrow(/after the data ends/);
    await expect(churnLabels(handle.db, { cutoff: CUTOFF, horizonDays: 0, observedUntil: at(400) })).rejects.toThrow(/horizonDays/);
    await expect(churnLabels(handle.db, { cutoff: CUTOFF, memberIds: ["nope"], observedUntil: at(400) })).rejects.toThrow(/"nope" is not a member id/);
  });
});
