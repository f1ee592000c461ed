import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, uniqueTag } from "@/test/db";
import { adjustedRandIndex } from "@/lib/models/clustering/ari";
import { clusterMembers } from "@/lib/models/clustering/cluster-members";
import { behaviourMatrix, categoryFeatures, LIFECYCLE_FEATURES, STYLE_FEATURES, type MemberBehaviour } from "@/lib/models/clustering/features";
import { assignClusters } from "@/lib/models/clustering/kmeans";
import { applyStandardizer } from "@/lib/models/clustering/standardize";
import { profileClusters } from "@/lib/models/clustering/profile";
import { chooseK } from "@/lib/models/clustering/select-k";
import type { DbHandle } from "../client";
import { categories, engagementEvents, members, stores, transactionLines, transactions } from "../schema";
import type { SalesChannel } from "../schema/enums";
import { seedDemoProgram } from "../seed/program";
import { selectRows } from "../sql";
import { listCategories, loadClusteringInput } from "./clustering-input";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle?.close());

describe("clustering input from receipts, lines and events", () => {
  const AS_OF = new Date("2025-07-01T00:00:00Z");
  let tag: string;
  let storeId: string;
  let buyer: string;
  let browser: string;

  beforeAll(async () => {
    tag = uniqueTag("ci");
    const [store, web] = await handle.db
      .insert(stores)
      .values([
        { code: `${tag}-S`, name: `Store ${tag}`, kind: "physical", countryCode: "DE", currency: "EUR", timezone: "Europe/Berlin" },
        { code: `${tag}-W`, name: `Web ${tag}`, kind: "online", countryCode: "DE", currency: "EUR", timezone: "Europe/Berlin" },
      ])
      .returning({ id: stores.id });
    storeId = store!.id;
    const [a, b] = await handle.db
      .insert(categories)
      .values([
        { code: `${tag}-a`, name: "A" },
        { code: `${tag}-b`, name: "B" },
      ])
      .returning({ id: categories.id });
    const joined = new Date("2025-01-01T00:00:00Z");
    const [m1, m2, m3] = await handle.db
      .insert(members)
      .values([
        { externalId: `${tag}-M1`, homeStoreId: storeId, joinedAt: joined, birthDate: "1990-07-02" },
        { externalId: `${tag}-M2`, homeStoreId: storeId, joinedAt: joined },
        { externalId: `${tag}-M3`, homeStoreId: storeId, joinedAt: joined, status: "erased" },
      ])
      .returning({ id: members.id });
    buyer = m1!.id;
    browser = m2!.id;
    let receipt = 0;
    const receiptAt = async (at: string, total: number, channel: SalesChannel, items: number, lines: [string, number, number][]) => {
      const [row] = await handle.db
        .insert(transactions)
        .values({
          memberId: buyer,
          storeId: channel === "pos" ? storeId : web!.id,
          channel,
          kind: total < 0 ? "return" : "sale",
          occurredAt: new Date(at),
          currency: "EUR",
          totalMinor: total,
          itemCount: items,
          source: `test-${tag}`,
          externalId: `r${++receipt}`,
        })
        .returning({ id: transactions.id });
      await handle.db.insert(transactionLines).values(
        lines.map(([category, amount, discount], i) => ({
          transactionId: row!.id,
          lineNo: i + 1,
          sku: `${tag}-sku`,
          categoryId: category === "a" ? a!.id : b!.id,
          quantity: Math.sign(amount),
          amountMinor: amount,
          discountMinor: discount,
        })),
      );
    };
    // Saturday 28 June 12:00 in Berlin (10:00 UTC), in store: 20.00 in A (5.00 off) + 10.00 in B; 10.00 of B back on 30 June.
    await receiptAt("2025-06-28T10:00:00Z", 3000, "pos", 3, [["a", 2000, 500], ["b", 1000, 0]]);
    await receiptAt("2025-06-30T09:00:00Z", -1000, "pos", -1, [["b", -1000, 0]]);
    // Thursday 1 May online, 10.00 in A; Saturday 1 February in the app, 20.00 in B; and one after the as-of moment.
    await receiptAt("2025-05-01T18:00:00Z", 1000, "online", 1, [["a", 1000, 0]]);
    await receiptAt("2025-02-01T18:00:00Z", 2000, "app", 2, [["b", 2000, 0]]);
    await receiptAt("2025-07-02T10:00:00Z", 9000, "pos", 1, [["a", 9000, 0]]);
    const event = (memberId: string, channel: "app" | "email" | "social", type: "app_open" | "email_open" | "social_like", at: string, n: number) => ({
      memberId,
      channel,
      type,
      occurredAt: new Date(at),
      source: `test-${tag}`,
      externalId: `e${n}`,
    });
    await handle.db.insert(engagementEvents).values([
      event(buyer, "app", "app_open", "2025-03-01T08:00:00Z", 1),
      event(buyer, "app", "app_open", "2025-06-01T08:00:00Z", 2),
      event(buyer, "email", "email_open", "2025-04-01T08:00:00Z", 3),
      event(buyer, "social", "social_like", "2025-07-05T08:00:00Z", 4),
      event(browser, "app", "app_open", "2025-05-01T08:00:00Z", 5),
    ]);
  });

  const load = (scope: { kind: "all" } | { kind: "stores"; storeIds: string[] } = { kind: "all" }) =>
    loadClusteringInput(handle.db, { scope, asOf: AS_OF, externalIdPrefix: `${tag}-` });

  it("counts 3 sales before 1 July (30.00 + 10.00 + 20.00 = 60.00, 50.00 net of the 10.00 return), 2 on a Berlin weekend, one per channel", async () => {
    const row = (await load()).find((m) => m.memberId === buyer);
    expect(row).toMatchObject<Partial<MemberBehaviour>>({
      tenureDays: 181,
      ageYears: 34,
      sales: 3,
      salesSpendMinor: 6000,
      netSpendMinor: 5000,
      itemsPerSale: 2,
      weekendSales: 2,
      posSales: 1,
      onlineSales: 1,
      appSales: 1,
      // Last 90 days from 2 April: 30.00 + 10.00; the 90 before: 20.00.
      spendLast90Minor: 4000,
      spendPrior90Minor: 2000,
      saleLines: 4,
      discountedLines: 1,
      categorySpendMinor: { [`${tag}-a`]: 3000, [`${tag}-b`]: 3000 },
      events: { app: 2, web: 0, email: 1, social: 0 },
    });
    // 28 June 10:00 UTC to 1 July 00:00 UTC: 2 days and 14 hours.
    expect(row?.recencyDays).toBeCloseTo(2 + 14 / 24, 9);
  });

  it("keeps a member without purchases (recency unknown, age unknown) and leaves out erased members", async () => {
    const rows = await load();
    expect(rows).toHaveLength(2);
    expect(rows.find((m) => m.memberId === browser)).toMatchObject({ sales: 0, recencyDays: null, ageYears: null, netSpendMinor: 0, events: { app: 1, web: 0, email: 0, social: 0 } });
  });

  it("gives a store manager of another store nobody", async () => {
    expect(await load({ kind: "stores", storeIds: [crypto.randomUUID()] })).toEqual([]);
    expect(await load({ kind: "stores", storeIds: [storeId] })).toHaveLength(2);
  });
});

/*
 * The acceptance test of issue 4: clustering the generator's members on their shopping style recovers the
 * behaviour groups it planted. Members with fewer than 3 sales are left out of the fit and the score: with one
 * or two receipts, channel, weekend, basket and discount shares are single draws (an in-store regular who
 * bought once on a Saturday looks like a weekend shopper). Even the true group centres, which no clustering
 * can know, put only about 80% of such members nearest their own group, against 96% of members with 3+ sales
 * (docs/segments-ai.md has the figures).
 */
describe("AI micro-segments on the demo generator (2,500 members, 24 months)", () => {
  const END = new Date(Date.UTC(2026, 0, 1));
  let tag: string;
  let input: MemberBehaviour[];
  let truth: Map<string, string>;

  beforeAll(async () => {
    tag = uniqueTag("seg");
    await seedDemoProgram(handle, { members: 2500, months: 24, seed: 7, tag, end: END });
    input = await loadClusteringInput(handle.db, { scope: { kind: "all" }, asOf: END, externalIdPrefix: `${tag}-` });
    const rows = await selectRows<{ member_id: string; behaviour_group: string }>(
      handle.db,
      sql`SELECT t.member_id, t.behaviour_group::text FROM ground_truth.members t JOIN members m ON m.id = t.member_id
          WHERE m.external_id LIKE ${`${tag}-%`}`,
    );
    truth = new Map(rows.map((r) => [r.member_id, r.behaviour_group]));
    // Generating 2,500 members takes 40-100 s on PGlite on two busy cores: longer than the default hook timeout.
  }, 300_000);

  it("recovers the 5 planted groups among members with 3+ sales with an adjusted Rand index of at least 0.8", () => {
    expect(input).toHaveLength(2500);
    const fitted = input.filter((m) => m.sales >= 3);
    expect(fitted.length).toBeGreaterThan(1500);
    const raw = behaviourMatrix(fitted, STYLE_FEATURES);
    const result = clusterMembers(raw, { transforms: STYLE_FEATURES.map((f) => f.transform), seed: 1, k: 5 });
    const ari = adjustedRandIndex(result.labels, fitted.map((m) => truth.get(m.memberId)));

    // Everyone else is placed in the nearest cluster, as the product does; reported, not asserted (see above).
    const everyone = assignClusters(applyStandardizer(behaviourMatrix(input, STYLE_FEATURES), result.standardizer), result.centroids, 5);
    const ariAll = adjustedRandIndex(everyone.labels, input.map((m) => truth.get(m.memberId)));
    const silhouette = chooseK(applyStandardizer(raw, result.standardizer), { seed: 1, kMin: 3, kMax: 10 });
    console.log(
      `ARI ${ari.toFixed(3)} on ${fitted.length} members with 3+ sales; ${ariAll.toFixed(3)} on all ${input.length}; ` +
        `silhouette by k: ${silhouette.candidates.map((c) => `${c.k} ${c.silhouette.toFixed(3)}`).join(", ")}`,
    );
    expect(ari).toBeGreaterThanOrEqual(0.8);
  });

  it("names the clusters after their planted behaviour: in-store, app-first, online weekend, deal seekers", async () => {
    const fitted = input.filter((m) => m.sales >= 3);
    const result = clusterMembers(behaviourMatrix(fitted, STYLE_FEATURES), { transforms: STYLE_FEATURES.map((f) => f.transform), seed: 1, k: 5 });
    const cats = await listCategories(handle.db, `${tag}-`);
    const profiled = [...STYLE_FEATURES, ...LIFECYCLE_FEATURES, ...categoryFeatures(cats)];
    const cards = profileClusters(behaviourMatrix(fitted, profiled), result.labels, 5, profiled);
    const majority = (cluster: number) => {
      const counts = new Map<string, number>();
      fitted.forEach((m, i) => {
        if (result.labels[i] === cluster) counts.set(truth.get(m.memberId) ?? "", (counts.get(truth.get(m.memberId) ?? "") ?? 0) + 1);
      });
      return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    };
    console.log(cards.map((c) => `${majority(c.cluster)} (${c.size}): ${c.name.traits.map((t) => t.params?.category ?? t.key).join(" · ")}`).join("; "));
    const traitsOf = (group: string) => cards.find((c) => majority(c.cluster) === group)?.name.traits.map((t) => t.key) ?? [];
    expect(traitsOf("weekday_instore_regular")).toContain("inStore");
    expect(traitsOf("app_first_young")).toContain("appFirst");
    expect(traitsOf("weekend_online_big_basket")).toEqual(expect.arrayContaining(["online"]));
    expect(traitsOf("deal_seeker")).toContain("dealSeekers");
    expect(cards.reduce((s, c) => s + c.size, 0)).toBe(fitted.length);
  });
});
