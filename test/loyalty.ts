import { randomUUID } from "node:crypto";
import type { Db } from "../db/client";
import { getMemberBalance, recountMemberPoints } from "../db/queries/loyalty/points";
import { members, stores } from "../db/schema";
import { createLoyaltyProgram } from "../lib/loyalty/admin-program";
import { createEarningRule, type RuleChange } from "../lib/loyalty/admin-rules";
import type { ReceiptContextInput } from "../lib/loyalty/context";
import { LoyaltyError } from "../lib/loyalty/errors";
import type { EarningRuleInput, ProgramPolicyInput } from "../lib/loyalty/rule-schemas";
import type { RewardInput } from "../lib/loyalty/reward-schemas";
import type { ReceiptInput } from "../lib/loyalty/schemas";
import { uniqueTag } from "./db";

/**
 * A loyalty program of a test's own, with its stores and members: tests share one PostgreSQL database,
 * so each one books into a program nobody else touches (its rules, tiers and policies apply to it alone).
 */
export interface LoyaltyFixture {
  db: Db;
  tag: string;
  programId: string;
  store: { id: string; code: string };
  online: { id: string; code: string };
  actor: { kind: "staff"; id: string };
  /** Context for ledger calls: the program, a source of the test's own, and `now`. */
  ctx(now?: Date): ReceiptContextInput;
  makeMember(values?: { birthDate?: string; status?: "active" | "inactive" | "erased" }): Promise<{ id: string; externalId: string }>;
  rule(input: EarningRuleInput): Promise<RuleChange>;
  receipt(externalId: string, memberExternalId: string | undefined, occurredAt: string, lines: { sku?: string; category: string; amount: string; quantity?: number }[], extra?: Partial<ReceiptInput>): ReceiptInput;
}

export async function makeLoyaltyFixture(db: Db, policy: ProgramPolicyInput = {}): Promise<LoyaltyFixture> {
  const tag = uniqueTag("loy");
  const actor = { kind: "staff" as const, id: randomUUID() };
  const [store, online] = await db
    .insert(stores)
    .values([
      { code: `${tag}-S1`, name: `Store ${tag}`, kind: "physical", countryCode: "DE", currency: "EUR", timezone: "Europe/Berlin" },
      { code: `${tag}-WEB`, name: `Web ${tag}`, kind: "online", countryCode: "DE", currency: "EUR", timezone: "Europe/Berlin" },
    ])
    .returning({ id: stores.id, code: stores.code });
  if (!store || !online) throw new Error("store insert failed");
  const programId = await createLoyaltyProgram(
    db,
    { code: tag, name: `Program ${tag}`, currency: "EUR", timezone: "Europe/Berlin", onlineStoreId: online.id, returnWindowDays: 0, ...policy },
    { actor },
  );
  let memberCount = 0;
  return {
    db,
    tag,
    programId,
    store,
    online,
    actor,
    ctx: (now?: Date) => ({ actor, programId, source: `${tag}-api`, now }),
    async makeMember(values = {}) {
      memberCount++;
      const externalId = `${tag}-M${memberCount}`;
      const [row] = await db
        .insert(members)
        .values({ externalId, joinedAt: new Date("2025-01-01T00:00:00Z"), birthDate: values.birthDate, status: values.status ?? "active" })
        .returning({ id: members.id });
      if (!row) throw new Error("member insert failed");
      return { id: row.id, externalId };
    },
    rule: (input) => createEarningRule(db, input, { actor, programId }),
    receipt: (externalId, memberExternalId, occurredAt, lines, extra = {}) => ({
      externalId,
      memberExternalId,
      storeCode: store.code,
      channel: "pos",
      occurredAt,
      currency: "EUR",
      lines: lines.map((l, i) => ({ sku: l.sku ?? `${tag}-SKU${i + 1}`, category: l.category, quantity: l.quantity ?? 1, amount: l.amount })),
      ...extra,
    }),
  };
}

/**
 * The member's cached balance beside the same figures recounted from the ledger (entries, lots and
 * consumptions; see recountMemberPoints): a test expects `cached` to equal `ledger`. Points owed (debt)
 * are what the lots hold beyond the ledger's sum.
 */
export async function ledgerCheck(db: Db, programId: string, memberId: string) {
  const recount = await recountMemberPoints(db, { programId, memberId });
  const balance = (await getMemberBalance(db, { programId, memberId, scope: { kind: "all" } })) ?? { available: 0, pending: 0, debt: 0, lifetimeEarned: 0, lifetimeRedeemed: 0 };
  return {
    cached: { available: balance.available, pending: balance.pending, debt: balance.debt, earned: balance.lifetimeEarned, redeemed: balance.lifetimeRedeemed },
    ledger: {
      available: recount.ledger - recount.lotsPending,
      pending: recount.lotsPending,
      debt: recount.lotsAvailable + recount.lotsPending - recount.ledger,
      earned: recount.earned,
      redeemed: recount.redeemed,
    },
    lotsAvailable: recount.lotsAvailable,
    inconsistentLots: recount.inconsistentLots,
  };
}

/** The LoyaltyError a call is refused with (fails the test when it succeeds or throws something else). */
export async function refusal(promise: Promise<unknown>): Promise<LoyaltyError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof LoyaltyError)) throw new Error(`expected a LoyaltyError, got ${String(error)}`);
  return error;
}

/** A reward's input: "5 € off" for 100 points, costing the brand 5.00 EUR, with any field replaced. */
export function voucherInput(values: Partial<RewardInput> = {}): RewardInput {
  return { name: "5 € off", value: { kind: "amount_off", amountMinor: 500, currency: "EUR" }, pointsPrice: 100, costMinor: 500, costCurrency: "EUR", ...values };
}
