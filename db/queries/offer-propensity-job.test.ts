import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobRegistry } from "@/lib/jobs/registry";
import "@/lib/jobs/schedule";
import { scoreOffers } from "@/lib/models/propensity";
import { withdrawProfiling } from "@/lib/privacy/testing";
import { openPrivateDatabase, uniqueTag } from "@/test/db";
import type { DbHandle } from "../client";
import { seedDemoProgram, taggedMemberIds } from "../seed/program";
import { selectRows } from "../sql";
import { loadLatestPropensityModel } from "./offer-propensity";
import { offerExamples } from "./offer-propensity-dataset";
import { loadPropensityInputs } from "./offer-propensity-inputs";
import { PROPENSITY_JOB, trainAndScorePropensity, type PropensityJobResult } from "./offer-propensity-job";
import { programOffers } from "./offer-propensity-scores";

const END = new Date(Date.UTC(2026, 0, 1));

let handle: DbHandle;
let dispose: () => Promise<void>;
let tag: string;
let memberIds: string[];
let objector: string;
let result: PropensityJobResult;

beforeAll(async () => {
  process.env.AUTH_SECRET ??= "propensity-job-test-auth-secret";
  // A database of its own: "the newest model" must be this file's, whatever other files train meanwhile on a shared server.
  ({ handle, dispose } = await openPrivateDatabase());
  tag = uniqueTag("pjob");
  await seedDemoProgram(handle, { members: 1200, months: 24, seed: 9, end: END, tag });
  memberIds = await taggedMemberIds(handle.db, tag);
  objector = memberIds[7]!;
  await withdrawProfiling(handle.db, objector, new Date(END.getTime() - 400 * 86_400_000));
  result = await trainAndScorePropensity(handle.db, { now: END, externalIdPrefix: `${tag}-` });
}, 300_000);
afterAll(async () => dispose?.());

const propensities = async () =>
  new Map(
    (
      await selectRows<{ member_id: string; p: number | null }>(
        handle.db,
        sql`select p.member_id, p.redemption_propensity as p from member_predictions p join members m on m.id = p.member_id
             where m.external_id like ${`${tag}-%`}`,
      )
    ).map((r) => [r.member_id, r.p]),
  );

describe("the personalization.train_propensity job on 1,200 generated members", () => {
  it("is registered to run daily", () => {
    expect(jobRegistry.recurring().find((r) => r.kind === PROPENSITY_JOB)?.interval.ms).toBe(86_400_000);
  });

  it("trains and stores a model with its held-out figures, and scores every member but the objector", async () => {
    if (!result.trained) throw new Error(result.reason);
    expect(result.members).toBe(1200);
    expect(result.scored).toBe(1199);
    expect(result.metrics.heldOutOffers).toBeGreaterThan(300);
    expect(result.metrics.auc).toBeGreaterThan(result.metrics.baselineAuc);
    const stored = await loadLatestPropensityModel(handle.db);
    expect(stored?.id).toBe(result.modelId);
    expect(stored?.metrics).toEqual(result.metrics);
  });

  it("writes each member's highest propensity over the program's current offers, and none for the objector", async () => {
    const stored = await loadLatestPropensityModel(handle.db);
    const offers = await programOffers(handle.db, { now: END });
    expect(offers.length).toBeGreaterThanOrEqual(9);
    const written = await propensities();
    expect(written.has(objector)).toBe(false);
    const sample = memberIds.filter((id) => id !== objector).slice(0, 50);
    const inputs = await loadPropensityInputs(handle.db, { memberIds: sample, asOf: END });
    for (const id of sample) {
      const best = Math.max(...scoreOffers(stored!.model, inputs.get(id)!, offers).values());
      expect(written.get(id)).toBeCloseTo(best, 12);
    }
  });

  it("a member who objects after scoring loses the propensity at once, and the next rescore does not bring it back", async () => {
    const member = memberIds[11]!;
    expect((await propensities()).get(member)).toBeGreaterThan(0);
    await withdrawProfiling(handle.db, member, END);
    expect((await propensities()).has(member)).toBe(false);
    await trainAndScorePropensity(handle.db, { now: END, externalIdPrefix: `${tag}-` });
    expect((await propensities()).has(member)).toBe(false);
  });

  it("skips, with the reason, a program without offer history", async () => {
    const skipped = await trainAndScorePropensity(handle.db, { now: END, externalIdPrefix: "no-such-program-" });
    expect(skipped).toEqual({ trained: false, reason: expect.stringMatching(/too little offer history/) });
  });

  it("beyond maxOffers, trains on a stable sample of members with all of their offers", async () => {
    const all = await offerExamples(handle.db, { observedUntil: END, externalIdPrefix: `${tag}-` });
    const sampled = await offerExamples(handle.db, { observedUntil: END, externalIdPrefix: `${tag}-`, maxOffers: 500 });
    const again = await offerExamples(handle.db, { observedUntil: END, externalIdPrefix: `${tag}-`, maxOffers: 500 });
    expect(sampled.length).toBeGreaterThan(200);
    expect(sampled.length).toBeLessThan(all.length / 2);
    expect(again.map((e) => `${e.memberId}@${e.sendAtMs}`)).toEqual(sampled.map((e) => `${e.memberId}@${e.sendAtMs}`));
    const kept = new Set(sampled.map((e) => e.memberId));
    expect(sampled.length).toBe(all.filter((e) => kept.has(e.memberId)).length);
  });
});
