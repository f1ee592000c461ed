import "server-only";
import { and, eq, like } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { AuditActor } from "@/db/queries/audit";
import { getProgramConfig, resolveProgramId } from "@/db/queries/loyalty/config";
import { awardHistory, type HistoryCounts } from "@/db/queries/loyalty/history";
import { categories, earningRules, products, programSettings, stores } from "@/db/schema";
import { ONLINE_STORE_CODE, taggedCode } from "@/db/seed/stores";
import { createTier, updateProgramPolicy } from "./admin-program";
import { createReward } from "./admin-rewards";
import { createEarningRule } from "./admin-rules";
import { currencyDigits } from "./money";
import { LoyaltyError } from "./errors";

export interface SeededProgram {
  programId: string;
  ruleIds: string[];
  tierIds: { member: string; silver: string; gold: string };
  rewardIds: string[];
}

/**
 * The demo program's loyalty configuration: 1 point per euro, Member / Silver / Gold tiers on points over
 * 12 months (Gold earns 1.5×), a first-purchase and a birthday bonus, review and app sign-up bonuses, the
 * promotion "double points on Books on weekday afternoons", and six rewards, one of each kind. `tag` is the
 * demo generator's tag (its category codes carry it). Refuses a program that already has rules.
 */
export async function seedLoyaltyProgram(db: Db, options: { programId?: string; tag?: string; actor?: AuditActor } = {}): Promise<SeededProgram> {
  const programId = await resolveProgramId(db, options.programId);
  const ctx = { actor: options.actor ?? ({ kind: "system" } as const), programId };
  const [existing] = await db.select({ id: earningRules.id }).from(earningRules).where(eq(earningRules.programId, programId)).limit(1);
  if (existing) throw new LoyaltyError("invalid_input", "the program already has earning rules; seed an unconfigured program");
  const code = (c: string) => taggedCode(options.tag, c);
  const [online] = await db.select({ id: stores.id }).from(stores).where(and(eq(stores.kind, "online"), eq(stores.code, code(ONLINE_STORE_CODE)))).limit(1);

  // The default program takes the brand's name and currency from the program settings, when seeded.
  const [settings] = await db.select({ name: programSettings.name, currency: programSettings.currency }).from(programSettings).limit(1);
  await updateProgramPolicy(
    db,
    {
      ...(settings && !options.programId ? { name: settings.name, currency: settings.currency } : {}),
      returnWindowDays: 14,
      expiryKind: "rolling_months",
      expiryMonths: 24,
      negativeBalancePolicy: "allow_negative",
      tierBasis: "points",
      tierWindowMonths: 12,
      tierReviewMonths: 12,
      tierDowngradePolicy: "one_step",
      ...(online ? { onlineStoreId: online.id } : {}),
    },
    ctx,
  );
  const member = await createTier(db, { name: "Member", rank: 0, threshold: 0, earningFactor: "1", benefits: ["1 point per euro"] }, ctx);
  const silver = await createTier(db, { name: "Silver", rank: 1, threshold: 300, earningFactor: "1.25", benefits: ["1.25 points per euro", "birthday treat"] }, ctx);
  const gold = await createTier(db, { name: "Gold", rank: 2, threshold: 1000, earningFactor: "1.5", benefits: ["1.5 points per euro", "members' evenings"] }, ctx);

  const rules = [
    { name: "1 point per euro", kind: "base_rate", rate: "1", conditions: { currencies: ["EUR"] } },
    { name: "Double points on Books on weekday afternoons", kind: "multiplier", factor: "2", priority: 10, conditions: { categories: [code("books")], weekdays: [1, 2, 3, 4, 5], timeFrom: "14:00", timeTo: "17:00" } },
    { name: "Welcome: 50 points on the first purchase", kind: "bonus", trigger: "first_purchase", points: 50 },
    { name: "Birthday month: 100 points", kind: "bonus", trigger: "birthday_month", points: 100 },
    { name: "Product review: 20 points", kind: "bonus", trigger: "review", points: 20, capPerMonth: 60 },
    { name: "App sign-up: 100 points", kind: "bonus", trigger: "app_signup", points: 100 },
  ] as const;
  const ruleIds: string[] = [];
  for (const rule of rules) ruleIds.push((await createEarningRule(db, rule, ctx)).ruleId);

  const [coffee] = await db
    .select({ sku: products.sku })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(and(eq(categories.code, code("coffee")), like(products.name, "%Flat White%")))
    .limit(1);
  const euros = (n: number) => n * 10 ** currencyDigits("EUR");
  const rewards = [
    { name: "5 € off your next purchase", value: { kind: "amount_off", amountMinor: euros(5), currency: "EUR" }, pointsPrice: 500, costMinor: euros(5), costCurrency: "EUR", voucherDays: 90 },
    { name: "10% off a basket", value: { kind: "percent_off", percent: 10 }, pointsPrice: 800, costMinor: euros(3), costCurrency: "EUR", voucherDays: 60 },
    { name: "A free flat white", value: { kind: "free_product", sku: coffee?.sku ?? code("COF-FLAT-WHITE") }, pointsPrice: 300, costMinor: 120, costCurrency: "EUR", voucherDays: 30 },
    { name: "Bakery: buy one, get one free", value: { kind: "bogo", category: code("bakery") }, pointsPrice: 400, costMinor: 180, costCurrency: "EUR", voucherDays: 30 },
    // A multiplier costs the brand the extra points' liability (about a week's basket of points): not nothing,
    // else the next best offer would rank it first for everyone (p · (V − 0) beats any offer that costs).
    { name: "Double points for a week", value: { kind: "points_multiplier", factor: "2", days: 7 }, pointsPrice: 1000, costMinor: 100, costCurrency: "EUR" },
    { name: "Members' evening invitation", value: { kind: "event_invitation", eventName: "Gold members' evening" }, pointsPrice: 1500, costMinor: euros(25), costCurrency: "EUR", stock: 50, eligibleTierIds: [gold] },
  ];
  const rewardIds: string[] = [];
  for (const reward of rewards) rewardIds.push(await createReward(db, reward, ctx));
  return { programId, ruleIds, tierIds: { member, silver, gold }, rewardIds };
}

/**
 * Credits points for every member sale recorded without them (the demo generator's history), set-based:
 * see db/queries/loyalty/history.ts for what it computes and what it leaves out. Run once after a bulk load.
 */
export async function awardHistoricalPoints(
  db: Db,
  options: { programId?: string; now?: Date; actor?: AuditActor; storeIds?: readonly string[] } = {},
): Promise<HistoryCounts> {
  const programId = await resolveProgramId(db, options.programId);
  const config = await getProgramConfig(db, programId);
  return awardHistory(db, { config, now: options.now ?? new Date(), actor: options.actor ?? { kind: "system" }, storeIds: options.storeIds });
}
