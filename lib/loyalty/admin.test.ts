import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { listEarningRules, listEarningRuleVersions } from "@/db/queries/loyalty/rules";
import { auditLog, earningRuleVersions, lotConsumptions, memberTierHistory, pointsEntries, pointsLots } from "@/db/schema";
import { openTestDatabase } from "@/test/db";
import { makeLoyaltyFixture } from "@/test/loyalty";
import { adjustPoints } from "./adjustments";
import { createTier, deactivateTier, updateProgramPolicy, updateTier } from "./admin-program";
import { setEarningRuleActive, updateEarningRule } from "./admin-rules";
import { LoyaltyError } from "./errors";
import { recordReceipt } from "./receipts";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle.close());

const AT = "2026-03-10T15:00:00+01:00";
const NOW = new Date("2026-03-10T16:00:00Z");

describe("earning rule versions", () => {
  it("an edit writes version 2 and an audit entry with before and after; receipts before keep citing version 1", async () => {
    const f = await makeLoyaltyFixture(handle.db);
    await f.rule({ name: "base", kind: "base_rate", rate: "1" });
    const promo = await f.rule({ name: "Books ×2", kind: "multiplier", factor: "2", conditions: { categories: ["books"] } });
    const m = await f.makeMember();
    const before = await recordReceipt(handle.db, f.receipt("R1", m.externalId, AT, [{ category: "books", amount: "10.00" }]), f.ctx(NOW));

    const edit = await updateEarningRule(handle.db, promo.ruleId, { name: "Books ×3", kind: "multiplier", factor: "3", conditions: { categories: ["books"] } }, { actor: f.actor, programId: f.programId });
    expect(edit).toEqual({ ruleId: promo.ruleId, version: 2 });
    const after = await recordReceipt(handle.db, f.receipt("R2", m.externalId, AT, [{ category: "books", amount: "10.00" }]), f.ctx(NOW));
    expect([before.points, after.points]).toEqual([20, 30]);
    const versionOf = async (transactionId: number) =>
      (await handle.db.select({ rules: pointsEntries.rules }).from(pointsEntries).where(eq(pointsEntries.transactionId, transactionId)))[0]?.rules?.find((r) => r.ruleId === promo.ruleId)?.version;
    expect([await versionOf(before.transactionId), await versionOf(after.transactionId)]).toEqual([1, 2]);

    const versions = await listEarningRuleVersions(handle.db, { ruleId: promo.ruleId });
    expect(versions.map((v) => [v.version, v.name, v.factor])).toEqual([
      [2, "Books ×3", "3"],
      [1, "Books ×2", "2"],
    ]);
    const audit = await handle.db.select().from(auditLog).where(and(eq(auditLog.entityType, "earning_rule"), eq(auditLog.entityId, promo.ruleId))).orderBy(auditLog.id);
    expect(audit.map((a) => [a.action, a.actorId, (a.before as { factor?: string } | null)?.factor ?? null, (a.after as { factor: string; version: number }).factor])).toEqual([
      ["earning_rule.create", f.actor.id, null, "2"],
      ["earning_rule.update", f.actor.id, "2", "3"],
    ]);
  });

  it("archiving writes a version with active false; the rule stops applying and is listed as archived", async () => {
    const f = await makeLoyaltyFixture(handle.db);
    const base = await f.rule({ name: "base", kind: "base_rate", rate: "1" });
    const m = await f.makeMember();
    expect(await setEarningRuleActive(handle.db, base.ruleId, false, { actor: f.actor, programId: f.programId })).toEqual({ ruleId: base.ruleId, version: 2 });
    const result = await recordReceipt(handle.db, f.receipt("R1", m.externalId, AT, [{ category: "x", amount: "10.00" }]), f.ctx(NOW));
    expect(result.points).toBe(0);
    expect((await listEarningRules(handle.db, { programId: f.programId })).map((r) => [r.name, r.version, r.active])).toEqual([["base", 2, false]]);
    const [audit] = await handle.db.select().from(auditLog).where(and(eq(auditLog.entityId, base.ruleId), eq(auditLog.action, "earning_rule.archive")));
    expect(audit).toBeDefined();
  });

  it("a rule version cannot be changed or deleted, and a rule keeps its kind", async () => {
    const f = await makeLoyaltyFixture(handle.db);
    const base = await f.rule({ name: "base", kind: "base_rate", rate: "1" });
    await expect(handle.db.update(earningRuleVersions).set({ rate: "5" }).where(eq(earningRuleVersions.ruleId, base.ruleId))).rejects.toThrow();
    await expect(handle.db.delete(earningRuleVersions).where(eq(earningRuleVersions.ruleId, base.ruleId))).rejects.toThrow();
    const error = await updateEarningRule(handle.db, base.ruleId, { name: "x", kind: "multiplier", factor: "2" }, { actor: f.actor, programId: f.programId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoyaltyError);
  });

  it("an invalid rule is refused naming its fields, and nothing is written", async () => {
    const f = await makeLoyaltyFixture(handle.db);
    const error = await f.rule({ name: "", kind: "base_rate" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoyaltyError);
    expect(Object.keys((error as LoyaltyError).fieldErrors ?? {}).sort()).toEqual(["name", "rate"]);
    expect(await listEarningRules(handle.db, { programId: f.programId })).toEqual([]);
  });
});

describe("tiers and policy administration", () => {
  it("tier and policy changes are audited, and a changed threshold applies to the next receipt", async () => {
    const f = await makeLoyaltyFixture(handle.db);
    const ctx = { actor: f.actor, programId: f.programId };
    await f.rule({ name: "base", kind: "base_rate", rate: "1" });
    const silver = await createTier(handle.db, { name: "Silver", rank: 1, threshold: 500 }, ctx);
    const m = await f.makeMember();
    expect((await recordReceipt(handle.db, f.receipt("R1", m.externalId, AT, [{ category: "x", amount: "100.00" }]), f.ctx(NOW))).tierChange).toBeNull();
    await updateTier(handle.db, silver, { name: "Silver", rank: 1, threshold: 150 }, ctx);
    expect((await recordReceipt(handle.db, f.receipt("R2", m.externalId, AT, [{ category: "x", amount: "60.00" }]), f.ctx(NOW))).tierChange).toEqual({ fromTierId: null, toTierId: silver });
    await updateProgramPolicy(handle.db, { returnWindowDays: 30 }, ctx);
    const audit = await handle.db.select({ action: auditLog.action, before: auditLog.before, after: auditLog.after }).from(auditLog).where(sql`${auditLog.entityId} in (${silver}, ${f.programId})`).orderBy(auditLog.id);
    expect(audit.map((a) => a.action)).toEqual(["loyalty_program.create", "tier.create", "tier.update", "loyalty_program.update"]);
    expect(audit[3]).toMatchObject({ before: { returnWindowDays: 0 }, after: { returnWindowDays: 30 } });
    const [history] = await handle.db.select().from(memberTierHistory).where(eq(memberTierHistory.memberId, m.id));
    expect(history?.qualifyingAmount).toBe(160);
  });
});

describe("retiring a tier", () => {
  it("a deactivated tier is no longer reached, and its retirement is audited", async () => {
    const f = await makeLoyaltyFixture(handle.db);
    const ctx = { actor: f.actor, programId: f.programId };
    await f.rule({ name: "base", kind: "base_rate", rate: "1" });
    const bronze = await createTier(handle.db, { name: "Bronze", rank: 1, threshold: 10 }, ctx);
    await deactivateTier(handle.db, bronze, ctx);
    const m = await f.makeMember();
    expect((await recordReceipt(handle.db, f.receipt("R1", m.externalId, AT, [{ category: "x", amount: "50.00" }]), f.ctx(NOW))).tierChange).toBeNull();
    const [audit] = await handle.db.select().from(auditLog).where(and(eq(auditLog.entityId, bronze), eq(auditLog.action, "tier.deactivate")));
    expect(audit?.after).toEqual({ active: false });
  });
});

describe("the ledger is append-only", () => {
  it("refuses to update or delete an entry or a consumption, and to change a lot's amount", async () => {
    const f = await makeLoyaltyFixture(handle.db);
    await f.rule({ name: "base", kind: "base_rate", rate: "1" });
    const m = await f.makeMember();
    const receipt = await recordReceipt(handle.db, f.receipt("R1", m.externalId, AT, [{ category: "x", amount: "10.00" }]), f.ctx(NOW));
    await expect(handle.db.update(pointsEntries).set({ points: 1000 }).where(eq(pointsEntries.transactionId, receipt.transactionId))).rejects.toThrow();
    await expect(handle.db.delete(pointsEntries).where(eq(pointsEntries.transactionId, receipt.transactionId))).rejects.toThrow();
    await expect(handle.db.update(pointsLots).set({ amount: 1000, remaining: 1000 }).where(eq(pointsLots.transactionId, receipt.transactionId))).rejects.toThrow();
    await expect(handle.db.delete(pointsLots).where(eq(pointsLots.transactionId, receipt.transactionId))).rejects.toThrow();
    const taken = await adjustPoints(handle.db, { memberId: m.id, points: -4, reason: "correction" }, f.ctx(NOW));
    const consumption = lotConsumptions.entryId;
    await expect(handle.db.update(lotConsumptions).set({ points: 1 }).where(eq(consumption, taken.entryId))).rejects.toThrow();
    await expect(handle.db.delete(lotConsumptions).where(eq(consumption, taken.entryId))).rejects.toThrow();
    const [entry] = await handle.db.select({ points: pointsEntries.points }).from(pointsEntries).where(eq(pointsEntries.transactionId, receipt.transactionId));
    expect(entry?.points).toBe(10);
    const [consumed] = await handle.db.select({ points: lotConsumptions.points }).from(lotConsumptions).where(eq(lotConsumptions.entryId, taken.entryId));
    expect(consumed?.points).toBe(4);
  });
});
