/**
 * Hand-made program data for the feature and segment tests: a tagged world of stores, categories and
 * products, and helpers that add members, receipts (with lines) and events. Tests only.
 */
import type { Db } from "../../client";
import { eq, sql } from "drizzle-orm";
import { categories, engagementEvents, loyaltyPrograms, memberPredictions, members, products, redemptions, rewards, stores, transactionLines, transactions } from "../../schema";
import type { EngagementChannel, EngagementType, SalesChannel } from "../../schema/enums";

export interface World {
  tag: string;
  stores: { a: string; b: string; online: string };
  categories: Record<"books" | "toys" | "coffee", { id: string; code: string; productId: string }>;
}

let counter = 0;
const next = () => `${Date.now().toString(36)}-${++counter}`;

export async function createWorld(db: Db, tag: string): Promise<World> {
  const store = async (code: string, kind: "physical" | "online") => {
    const [row] = await db
      .insert(stores)
      .values({ code: `${tag}-${code}`, name: `Store ${code} ${tag}`, kind, countryCode: "DE", currency: "EUR", timezone: "Europe/Berlin" })
      .returning({ id: stores.id });
    return row!.id;
  };
  const category = async (name: "books" | "toys" | "coffee") => {
    const code = `${tag}-${name}`;
    const [c] = await db.insert(categories).values({ code, name }).returning({ id: categories.id });
    const [p] = await db
      .insert(products)
      .values({ sku: `${tag}-${name}-sku`, name: `${name} item`, categoryId: c!.id, priceMinor: 1000, currency: "EUR" })
      .returning({ id: products.id });
    return { id: c!.id, code, productId: p!.id };
  };
  return {
    tag,
    stores: { a: await store("A", "physical"), b: await store("B", "physical"), online: await store("WEB", "online") },
    categories: { books: await category("books"), toys: await category("toys"), coffee: await category("coffee") },
  };
}

export type MemberValues = Partial<typeof members.$inferInsert> & { joinedAt: Date };

export async function addMember(db: Db, values: MemberValues): Promise<string> {
  const [row] = await db.insert(members).values(values).returning({ id: members.id });
  return row!.id;
}

export interface ReceiptInput {
  memberId: string | null;
  storeId: string;
  channel?: SalesChannel;
  occurredAt: Date;
  /** Positive for a sale, negative for a return. */
  totalMinor: number;
  currency?: "EUR" | "USD";
  /** Lines by category; their amounts need not add up to the total (discounts). */
  lines?: Array<{ categoryId?: string | null; productId?: string | null; amountMinor: number }>;
}

export async function addReceipt(db: Db, tag: string, input: ReceiptInput): Promise<number> {
  const [row] = await db
    .insert(transactions)
    .values({
      memberId: input.memberId,
      storeId: input.storeId,
      channel: input.channel ?? "pos",
      kind: input.totalMinor < 0 ? "return" : "sale",
      occurredAt: input.occurredAt,
      currency: input.currency ?? "EUR",
      totalMinor: input.totalMinor,
      itemCount: Math.max(1, input.lines?.length ?? 1),
      source: `test-${tag}`,
      externalId: next(),
    })
    .returning({ id: transactions.id });
  const lines = input.lines ?? [];
  if (lines.length > 0) {
    await db.insert(transactionLines).values(
      lines.map((l, i) => ({
        transactionId: row!.id,
        lineNo: i + 1,
        productId: l.productId ?? null,
        sku: `${tag}-sku`,
        categoryId: l.categoryId ?? null,
        quantity: 1,
        amountMinor: l.amountMinor,
      })),
    );
  }
  return row!.id;
}

export async function addEvent(db: Db, tag: string, input: { memberId: string; channel: EngagementChannel; type: EngagementType; occurredAt: Date }): Promise<void> {
  await db.insert(engagementEvents).values({ ...input, source: `test-${tag}`, externalId: next() });
}

/** A redemption, created at `at`, of a new reward of the default program (`n` keeps codes apart within a tag). */
export async function addRedemption(db: Db, tag: string, input: { memberId: string; at: Date; n: number }): Promise<void> {
  const [program] = await db.select({ id: loyaltyPrograms.id }).from(loyaltyPrograms).where(sql`${loyaltyPrograms.code} = 'default'`);
  const [reward] = await db
    .insert(rewards)
    .values({ programId: program!.id, name: `Reward ${tag}-${input.n}`, kind: "amount_off", value: { kind: "amount_off", amountMinor: 500, currency: "EUR" }, pointsPrice: 100, costCurrency: "EUR" })
    .returning({ id: rewards.id });
  await db.insert(redemptions).values({
    programId: program!.id,
    memberId: input.memberId,
    rewardId: reward!.id,
    points: 100,
    costMinor: 500,
    costCurrency: "EUR",
    code: `${tag}-code-${input.n}`,
    source: `test-${tag}`,
    externalId: `redeem-${input.n}`,
    actorKind: "system",
    createdAt: input.at,
  });
}

/** A member's predictions as a score run leaves them (member_predictions); a null churn risk removes the row. */
export async function setPrediction(db: Db, memberId: string, values: { churnRisk: number | null; clvMinor?: number | null }): Promise<void> {
  if (values.churnRisk === null) {
    await db.delete(memberPredictions).where(eq(memberPredictions.memberId, memberId));
    return;
  }
  const row = { churnRisk: values.churnRisk, clvMinor: values.clvMinor ?? null, updatedAt: new Date() };
  await db.insert(memberPredictions).values({ memberId, ...row }).onConflictDoUpdate({ target: memberPredictions.memberId, set: row });
}
