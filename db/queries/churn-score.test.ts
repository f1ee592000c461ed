import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestMember, withdrawProfiling } from "@/lib/privacy/testing";
import { openPrivateDatabase, uniqueTag } from "@/test/db";
import { JobRegistry } from "@/lib/jobs/registry";
import { runDueJobs } from "@/lib/jobs/run";
import { RISK_BANDS } from "@/lib/models/churn/bands";
import type { DbHandle } from "../client";
import { seedDemoProgram, taggedMemberIds } from "../seed/program";
import { selectRows } from "../sql";
import { btydStatsAsOf } from "./btyd-stats";
import { churnCutoffSet } from "./churn-dataset";
import { exportAtRisk, latestChurnScoreForMember, latestScoreRun, listAtRisk, type ScoreRunSummary } from "./churn-at-risk";
import { markContacted, recordContactOutcome } from "./churn-contacts";
import { auditLog, churnInterventionPolicies, staffUsers } from "../schema";
import { getInterventionPolicy, interventionPolicyInForce, listInterventionPolicyVersions, previewInterventionPolicy, saveInterventionPolicy } from "./churn-policy";
import { churnOverview } from "./churn-runs";
import { executeScoreRun, getScoreRunProgress, requestScoreRun, SCORE_JOB } from "./churn-score";

const DAY = 86_400_000;
const END = new Date("2025-03-31T00:00:00Z");
const system = { kind: "system" } as const;

// A database of this file's own on PostgreSQL too: a score run goes through every member of the database
// and clears the predictions of those it does not score, which on the shared test database would be other
// files' members (the segment tests set predictions of their own).
let handle: DbHandle;
let dispose: () => Promise<void>;
let memberIds: string[];
let objectors: string[];
let firstRun: string;

/** A registry of this test's own that runs queued score runs as the app's does (small chunks, two training cutoffs). */
const registry = new JobRegistry();
registry.register(SCORE_JOB, ({ db, payload }) => executeScoreRun(db, String(payload.runId), { now: END, chunkSize: 300, trainCutoffs: 2 }));

beforeAll(async () => {
  ({ handle, dispose } = await openPrivateDatabase());
  const tag = uniqueTag("score");
  await seedDemoProgram(handle, { members: 1200, months: 15, seed: 3, end: END, tag });
  memberIds = await taggedMemberIds(handle.db, tag);
  // Three buyers object to profiling before any run: they must be neither trained on nor scored.
  const buyers = await selectRows<{ id: string }>(
    handle.db,
    sql`select distinct member_id as id from transactions where member_id = any(${`{${memberIds.join(",")}}`}::uuid[]) and kind = 'sale' and occurred_at < ${new Date(END.getTime() - 300 * DAY).toISOString()}::timestamptz order by 1 limit 3`,
  );
  objectors = buyers.map((b) => b.id);
  for (const memberId of objectors) {
    await withdrawProfiling(handle.db, memberId, new Date(END.getTime() - 400 * DAY));
  }
  const requested = await requestScoreRun(handle.db, { retrain: true, actor: system });
  expect(requested.created).toBe(true);
  firstRun = requested.runId;
  // Asking again while it is queued gives the same run.
  expect(await requestScoreRun(handle.db, { retrain: false, actor: system })).toEqual({ runId: firstRun, created: false });
  await runDueJobs(handle.db, new Date(), { registry });
}, 900_000);

afterAll(async () => {
  await dispose();
});

const scoresOf = (runId: string) =>
  selectRows<{ member_id: string; churn_probability: number; risk_band: string; intervention: string | null; reasons: unknown[]; clv_minor: number | null }>(
    handle.db,
    sql`select member_id, churn_probability, risk_band::text, intervention::text, reasons, clv_minor::float8 as clv_minor from churn_member_scores where run_id = ${runId}`,
  );

describe("a re-score run (1,200 generated members, training on 2 cutoffs, chunks of 300)", () => {
  it("trains a model, goes through every member in chunks and finishes with its progress at total", async () => {
    const progress = await getScoreRunProgress(handle.db, { id: firstRun });
    expect(progress).toMatchObject({ status: "done", phase: "done", error: null });
    expect(progress!.total).toBeGreaterThanOrEqual(memberIds.length);
    expect(progress!.done).toBe(progress!.total);
    expect(progress!.modelVersion).toBeGreaterThanOrEqual(1);
    const [model] = await selectRows<{ evaluations: Array<{ name: string; auc: number; liftCurve: number[]; calibration: unknown[] | null }>; train_cutoffs: string[] }>(
      handle.db,
      sql`select m.evaluations, m.train_cutoffs from churn_model_runs m join churn_score_runs r on r.model_run_id = m.id where r.id = ${firstRun}`,
    );
    expect(model!.train_cutoffs).toHaveLength(2);
    const byName = new Map(model!.evaluations.map((e) => [e.name, e]));
    for (const name of ["gbt", "logistic", "rfm", "btyd"]) expect(byName.get(name)?.auc).toBeGreaterThan(0.5);
    expect(byName.get("gbt")!.liftCurve).toHaveLength(10);
    expect(byName.get("gbt")!.calibration).toHaveLength(10);
  });

  it("scores the members who bought, with a band, reasons, a suggested action and their value, and writes their predictions", async () => {
    const scores = (await scoresOf(firstRun)).filter((s) => memberIds.includes(s.member_id));
    expect(scores.length).toBeGreaterThan(900);
    for (const s of scores) {
      expect(s.churn_probability).toBeGreaterThan(0);
      expect(s.churn_probability).toBeLessThan(1);
      expect(RISK_BANDS).toContain(s.risk_band);
      // The default policy ends with a catch-all rule.
      expect(s.intervention).not.toBeNull();
    }
    expect(scores.filter((s) => s.reasons.length > 0).length).toBeGreaterThan(scores.length / 2);
    expect(scores.filter((s) => s.clv_minor !== null && s.clv_minor > 0).length).toBeGreaterThan(scores.length / 2);
    const features = await selectRows<{ member_id: string; churn_risk: number | null }>(
      handle.db,
      sql`select member_id, churn_risk from member_predictions where member_id = any(${`{${scores.map((s) => s.member_id).join(",")}}`}::uuid[])`,
    );
    const risk = new Map(features.map((f) => [f.member_id, f.churn_risk]));
    for (const s of scores) expect(risk.get(s.member_id)).toBe(s.churn_probability);
  });

  it("gives members who withdrew profiling consent no score, and leaves them out of training and the BTYD fit", async () => {
    const scored = new Set((await scoresOf(firstRun)).map((s) => s.member_id));
    for (const id of objectors) expect(scored.has(id)).toBe(false);
    const [row] = await selectRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from member_predictions where churn_risk is not null and member_id = any(${`{${objectors.join(",")}}`}::uuid[])`,
    );
    expect(row!.n).toBe(0);
    const training = await churnCutoffSet(handle.db, { cutoff: new Date(END.getTime() - 90 * DAY), horizonDays: 90, memberIds, observedUntil: END });
    expect(training.memberIds.length).toBeGreaterThan(500);
    for (const id of objectors) expect(training.memberIds).not.toContain(id);
    const stats = await btydStatsAsOf(handle.db, { cutoff: END, memberIds });
    for (const id of objectors) expect(stats.has(id)).toBe(false);
  });

  it("counts members and value per risk band and store, adding up to the members scored", async () => {
    const [bands] = await selectRows<{ members: number }>(handle.db, sql`select coalesce(sum(members), 0)::int as members from churn_score_bands where run_id = ${firstRun}`);
    const progress = await getScoreRunProgress(handle.db, { id: firstRun });
    expect(bands!.members).toBe(progress!.scored);
  });

  it("a member who objects in between loses their prediction at once, and a second run reuses the model and leaves them unscored", async () => {
    const latest = (await scoresOf(firstRun)).find((s) => memberIds.includes(s.member_id))!;
    const prediction = () => selectRows<{ churn_risk: number | null }>(handle.db, sql`select churn_risk from member_predictions where member_id = ${latest.member_id}`);
    expect(await prediction()).toHaveLength(1);
    await withdrawProfiling(handle.db, latest.member_id, new Date());
    // The prediction goes with the withdrawal (migration 0028), before any run.
    expect(await prediction()).toEqual([]);
    const { runId, created } = await requestScoreRun(handle.db, { retrain: false, actor: system });
    expect(created).toBe(true);
    await runDueJobs(handle.db, new Date(), { registry });
    const [first, second] = await Promise.all([getScoreRunProgress(handle.db, { id: firstRun }), getScoreRunProgress(handle.db, { id: runId })]);
    expect(second).toMatchObject({ status: "done" });
    // It reused a model instead of training one: the newest when it started, trained before it.
    expect(second!.modelVersion).toBe(first!.modelVersion);
    const [reused] = await selectRows<{ before_start: boolean }>(
      handle.db,
      sql`select m.trained_at < r.started_at as before_start from churn_score_runs r join churn_model_runs m on m.id = r.model_run_id where r.id = ${runId}`,
    );
    expect(reused!.before_start).toBe(true);
    expect((await scoresOf(runId)).some((s) => s.member_id === latest.member_id)).toBe(false);
    expect(await prediction()).toEqual([]);
    // The first run's scores stay readable: runs are kept.
    expect((await scoresOf(firstRun)).some((s) => s.member_id === latest.member_id)).toBe(true);
  });

  it("the preview of the policy in force counts, rule by rule, exactly the suggestions the latest run made", async () => {
    const run = (await latestScoreRun(handle.db))!;
    const policy = await interventionPolicyInForce(handle.db);
    expect(run.policyVersion).toBe(policy.version);
    const preview = (await previewInterventionPolicy(handle.db, { rules: policy.rules }))!;
    expect(preview.runId).toBe(run.id);
    const previewed = new Map<string, number>();
    policy.rules.forEach((rule, i) => previewed.set(rule.intervention, (previewed.get(rule.intervention) ?? 0) + preview.rules[i]!.members));
    const scores = await scoresOf(run.id);
    const made = new Map<string, number>();
    for (const s of scores) made.set(String(s.intervention), (made.get(String(s.intervention)) ?? 0) + 1);
    expect(new Map([...previewed].filter(([, n]) => n > 0))).toEqual(made);
    expect(preview.scored).toBe(scores.length);
    expect(preview.atRisk).toBe(scores.filter((s) => s.risk_band === "high" || s.risk_band === "very_high").length);
  });

  it("a run uses the saved policy and records its version: with eventInvitation as the only rule, every scored member gets eventInvitation", async () => {
    const before = await interventionPolicyInForce(handle.db);
    const saved = await saveInterventionPolicy(handle.db, { input: { baseVersion: before.version, rules: [{ intervention: "eventInvitation" }] }, actor: system });
    expect(saved.created).toBe(true);
    const { runId } = await requestScoreRun(handle.db, { retrain: false, actor: system });
    await runDueJobs(handle.db, new Date(), { registry });
    const scores = await scoresOf(runId);
    expect(scores.length).toBeGreaterThan(900);
    expect(new Set(scores.map((s) => s.intervention))).toEqual(new Set(["eventInvitation"]));
    const versions = await selectRows<{ id: string; policy_version: number | null }>(
      handle.db,
      sql`select id, policy_version from churn_score_runs where id in (${firstRun}, ${runId})`,
    );
    expect(versions.find((v) => v.id === runId)?.policy_version).toBe(saved.version);
    expect(versions.find((v) => v.id === firstRun)?.policy_version).toBeLessThan(saved.version);
    // The rules before this test are back in force (as a new version) for the tests after it.
    await saveInterventionPolicy(handle.db, { input: { baseVersion: saved.version, rules: before.rules }, actor: system });
  });
});

describe("the at-risk list of the latest run", () => {
  const staff = { kind: "system" } as const;

  async function storeOfMembers(): Promise<string> {
    const [row] = await selectRows<{ store: string }>(
      handle.db,
      sql`select home_store_id as store from members where id = any(${`{${memberIds.join(",")}}`}::uuid[]) and home_store_id is not null
          group by 1 order by count(*) desc limit 1`,
    );
    return row!.store;
  }

  it("is sorted by value at stake and holds only the caller's stores' members in a store manager's scope", async () => {
    const run = (await latestScoreRun(handle.db))!;
    const store = await storeOfMembers();
    const mine = await listAtRisk(handle.db, { runId: run.id, scope: { kind: "stores", storeIds: [store] }, filters: { band: "all" }, pageSize: 100 });
    expect(mine.total).toBeGreaterThan(10);
    const homes = await selectRows<{ id: string; home: string | null }>(
      handle.db,
      sql`select id, home_store_id as home from members where id = any(${`{${mine.rows.map((r) => r.memberId).join(",")}}`}::uuid[])`,
    );
    for (const h of homes) expect(h.home).toBe(store);
    const values = mine.rows.map((r) => r.valueAtStakeMinor ?? -1);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    const everyone = await listAtRisk(handle.db, { runId: run.id, scope: { kind: "all" }, filters: { band: "all" }, pageSize: 1 });
    expect(everyone.total).toBeGreaterThan(mine.total);
    // The default band filter (high and very high) is a subset.
    const atRisk = await listAtRisk(handle.db, { runId: run.id, scope: { kind: "all" }, filters: { band: "at_risk" }, pageSize: 100 });
    for (const r of atRisk.rows) expect(["high", "very_high"]).toContain(r.riskBand);
    // A store outside the scope matches nobody.
    const outside = await listAtRisk(handle.db, { runId: run.id, scope: { kind: "stores", storeIds: [store] }, filters: { band: "all", storeId: "00000000-0000-4000-8000-000000000000" } });
    expect(outside.total).toBe(0);
  });

  it("marks a contact with the score acted on and its outcome, audited; another store's member is not found", async () => {
    const run = (await latestScoreRun(handle.db))!;
    const store = await storeOfMembers();
    const scope = { kind: "stores", storeIds: [store] } as const;
    const [first] = (await listAtRisk(handle.db, { runId: run.id, scope, filters: { band: "all" } })).rows;
    const contact = await markContacted(handle.db, { memberId: first!.memberId, runId: run.id, note: "Called, will come Saturday", scope, actor: staff });
    await recordContactOutcome(handle.db, { contactId: contact.id, outcome: "retained", scope, actor: staff });
    const [again] = (await listAtRisk(handle.db, { runId: run.id, scope, filters: { band: "all" } })).rows;
    expect(again!.lastContact).toMatchObject({ id: contact.id, outcome: "retained" });
    const [stored] = await selectRows<{ churn_probability: number; intervention: string }>(
      handle.db,
      sql`select churn_probability, intervention::text from churn_contacts where id = ${contact.id}`,
    );
    expect(stored).toEqual({ churn_probability: first!.churnProbability, intervention: first!.intervention });
    const audit = await selectRows<{ action: string }>(handle.db, sql`select action from audit_log where entity_id = ${first!.memberId} and action like 'churn.%' order by id`);
    expect(audit.map((a) => a.action)).toEqual(["churn.contact", "churn.contact_outcome"]);
    const [elsewhere] = await selectRows<{ member_id: string }>(
      handle.db,
      sql`select s.member_id from churn_member_scores s join members m on m.id = s.member_id where s.run_id = ${run.id} and m.home_store_id <> ${store} limit 1`,
    );
    await expect(markContacted(handle.db, { memberId: elsewhere!.member_id, runId: run.id, scope, actor: staff })).rejects.toMatchObject({ code: "not_found" });
  });

  it("exports the filtered list as CSV, a header and one line per member, and sums the overview per run", async () => {
    const run = (await latestScoreRun(handle.db))!;
    const store = await storeOfMembers();
    const scope = { kind: "stores", storeIds: [store] } as const;
    const text = { header: ["member_id", "reasons"], band: String, reason: (r: { kind: string }) => r.kind, intervention: String, outcome: String };
    let csv = "";
    for await (const chunk of exportAtRisk(handle.db, { runId: run.id, scope, filters: { band: "all" }, text })) csv += chunk;
    const list = await listAtRisk(handle.db, { runId: run.id, scope, filters: { band: "all" } });
    expect(csv.trimEnd().split("\r\n")).toHaveLength(list.total + 1);
    const points = await churnOverview(handle.db, { scope: { kind: "all" } });
    expect(points.length).toBeGreaterThanOrEqual(2);
    const last = points[points.length - 1]!;
    const [scored] = await selectRows<{ n: number }>(handle.db, sql`select count(*)::int as n from churn_member_scores where run_id = ${last.runId}`);
    expect(Object.values(last.bands).reduce((n, b) => n + b.members, 0)).toBe(scored!.n);
  });
});

// The policy is one for the whole program: every test that saves one lives in this file (churn-policy.test.ts
// only reads an empty database), so that no other test file changes the policy in force meanwhile.
describe("saving the intervention policy", () => {
  let admin: { kind: "staff"; id: string };
  const versionCount = async () => (await selectRows<{ n: number }>(handle.db, sql`select count(*)::int as n from churn_intervention_policies`))[0]!.n;

  beforeAll(async () => {
    const [row] = await handle.db
      .insert(staffUsers)
      .values({ email: `${randomUUID()}@policy.test`, name: "Ada Policy", role: "admin", passwordHash: "x" })
      .returning({ id: staffUsers.id });
    admin = { kind: "staff", id: row!.id };
  });

  it("saving makes the next version, in force at once, with who and when, audited with the rules before and after", async () => {
    const before = await interventionPolicyInForce(handle.db);
    const rules = [
      { reasons: ["newMember"], minRisk: "0.4", intervention: "secondPurchaseOffer" },
      { intervention: "eventInvitation" },
    ];
    const saved = await saveInterventionPolicy(handle.db, { input: { baseVersion: before.version, rules }, actor: admin });
    expect(saved).toEqual({ version: before.version + 1, created: true, warnings: [] });
    const now = await interventionPolicyInForce(handle.db);
    expect(now).toMatchObject({
      version: before.version + 1,
      rules: [{ reasons: ["newMember"], minRisk: 0.4, intervention: "secondPurchaseOffer" }, { intervention: "eventInvitation" }],
      createdByName: "Ada Policy",
    });
    expect(now.createdAt).toBeInstanceOf(Date);
    // The older version stays readable as it was.
    expect((await getInterventionPolicy(handle.db, { version: before.version }))?.rules).toEqual(before.rules);
    expect((await listInterventionPolicyVersions(handle.db))[0]).toMatchObject({ version: now.version, ruleCount: 2, createdByName: "Ada Policy" });

    const [row] = await handle.db.select({ id: churnInterventionPolicies.id }).from(churnInterventionPolicies).where(eq(churnInterventionPolicies.version, now.version));
    const audit = await handle.db
      .select({ action: auditLog.action, actorId: auditLog.actorId, before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "churn_intervention_policy"), eq(auditLog.entityId, row!.id)));
    expect(audit).toEqual([{ action: "churn.policy_update", actorId: admin.id, before: { version: before.version, rules: before.rules }, after: { version: now.version, rules: now.rules } }]);
  });

  it("saving the rules in force again writes nothing", async () => {
    const current = await interventionPolicyInForce(handle.db);
    const count = await versionCount();
    const again = await saveInterventionPolicy(handle.db, { input: { baseVersion: current.version, rules: current.rules }, actor: admin });
    expect(again).toMatchObject({ version: current.version, created: false });
    expect(await versionCount()).toBe(count);
  });

  it("refuses invalid rules naming the field (rules.1.minRisk) and writes nothing, no version and no audit entry", async () => {
    const current = await interventionPolicyInForce(handle.db);
    const count = await versionCount();
    const [{ n: audits } = { n: 0 }] = await selectRows<{ n: number }>(handle.db, sql`select count(*)::int as n from audit_log where action = 'churn.policy_update'`);
    const input = { baseVersion: current.version, rules: [{ reasons: ["returns"], intervention: "serviceFollowUp" }, { minRisk: "1.2", intervention: "winBackCall" }, { reasons: ["nope"], intervention: "eventInvitation" }] };
    await expect(saveInterventionPolicy(handle.db, { input, actor: admin })).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { "rules.1.minRisk": ["A number from 0 to 1, or blank for none."], "rules.2.reasons.0": ["Not a known reason."] },
    });
    expect(await versionCount()).toBe(count);
    const [{ n: auditsAfter } = { n: 0 }] = await selectRows<{ n: number }>(handle.db, sql`select count(*)::int as n from audit_log where action = 'churn.policy_update'`);
    expect(auditsAfter).toBe(audits);
  });

  it("refuses an edit of a version someone has replaced meanwhile (conflict), and warns about a policy without a catch-all", async () => {
    const current = await interventionPolicyInForce(handle.db);
    const saved = await saveInterventionPolicy(handle.db, { input: { baseVersion: current.version, rules: [{ reasons: ["appSilent"], intervention: "appComeback" }] }, actor: admin });
    expect(saved).toMatchObject({ version: current.version + 1, created: true, warnings: [{ kind: "noCatchAll" }] });
    await expect(
      saveInterventionPolicy(handle.db, { input: { baseVersion: current.version, rules: [{ intervention: "specialReward" }] }, actor: admin }),
    ).rejects.toMatchObject({ code: "conflict" });
    expect((await interventionPolicyInForce(handle.db)).version).toBe(saved.version);
  });

  it("keeps versions as they were: the database refuses to change or delete one", async () => {
    const current = await interventionPolicyInForce(handle.db);
    await expect(handle.db.execute(sql`update churn_intervention_policies set rules = '[]'::jsonb where version = ${current.version}`)).rejects.toThrow();
    await expect(handle.db.execute(sql`delete from churn_intervention_policies where version = ${current.version}`)).rejects.toThrow();
  });
});

// The member page's churn card (was churn-member.test.ts): in this file because a score run is one at a time
// for the whole program — two test files requesting runs on one shared database took each other's (each
// block now has a database of its own).
describe("the member page's churn score", () => {
  const DAY = 86_400_000;
  const END = new Date("2025-03-31T00:00:00Z");
  const system = { kind: "system" } as const;
  const all = { kind: "all" } as const;

  let handle: DbHandle;
  let dispose: () => Promise<void>;
  let memberIds: string[];
  let objector: string;
  let runBefore: ScoreRunSummary | null;
  let noRunYet: Awaited<ReturnType<typeof latestChurnScoreForMember>>;
  let run: ScoreRunSummary;

  const registry = new JobRegistry();
  registry.register(SCORE_JOB, ({ db, payload }) => executeScoreRun(db, String(payload.runId), { now: END, chunkSize: 200, trainCutoffs: 2 }));

  const ids = (list: readonly string[]) => `{${list.join(",")}}`;

  beforeAll(async () => {
    ({ handle, dispose } = await openPrivateDatabase());
    const tag = uniqueTag("churn360");
    await seedDemoProgram(handle, { members: 500, months: 15, seed: 11, end: END, tag });
    memberIds = await taggedMemberIds(handle.db, tag);
    runBefore = await latestScoreRun(handle.db);
    noRunYet = await latestChurnScoreForMember(handle.db, { memberId: memberIds[0]!, scope: all });
    // A buyer who objects to profiling before the run is not scored.
    const [buyer] = await selectRows<{ id: string }>(
      handle.db,
      sql`select distinct member_id as id from transactions where member_id = any(${ids(memberIds)}::uuid[]) and kind = 'sale' order by 1 limit 1`,
    );
    objector = buyer!.id;
    await withdrawProfiling(handle.db, objector, new Date(END.getTime() - 400 * DAY));
    await requestScoreRun(handle.db, { retrain: true, actor: system });
    await runDueJobs(handle.db, new Date(), { registry });
    run = (await latestScoreRun(handle.db))!;
  }, 900_000);

  afterAll(async () => {
    await dispose();
  });

  const scoredIds = async () =>
    (await selectRows<{ member_id: string }>(handle.db, sql`select member_id from churn_member_scores where run_id = ${run.id} and member_id = any(${ids(memberIds)}::uuid[]) order by member_id`)).map(
      (r) => r.member_id,
    );

  describe("a member's churn score for the member page (500 generated members, one score run)", () => {
    it("says there is no score run yet before the first run (or, on a shared database, that the member was not scored)", () => {
      expect(noRunYet).toEqual(runBefore ? { status: "not_scored", run: runBefore } : { status: "no_run" });
    });

    it("gives a scored member's row of the latest run: the same figures as the at-risk list, with P(alive)", async () => {
      // The list's first row (pages hold at most 100 rows; the run scored 500 members).
      const [listed] = (await listAtRisk(handle.db, { runId: run.id, scope: all, filters: { band: "all" } })).rows;
      const memberId = listed!.memberId;
      const churn = await latestChurnScoreForMember(handle.db, { memberId, scope: all });
      expect(churn).toMatchObject({ status: "scored", run: { id: run.id } });
      if (churn?.status !== "scored") throw new Error("not scored");
      const [stored] = await selectRows<{ p: number; alive: number | null; value: number | null }>(
        handle.db,
        sql`select churn_probability as p, probability_alive as alive, value_at_stake_minor::float8 as value from churn_member_scores where run_id = ${run.id} and member_id = ${memberId}`,
      );
      expect(churn.score).toMatchObject({ memberId, churnProbability: stored!.p, probabilityAlive: stored!.alive, valueAtStakeMinor: stored!.value, lastContact: null });
      expect(churn.score).toEqual(listed);
    });

    it("is null for another store's member in a store manager's scope and for a malformed id", async () => {
      const [memberId] = await scoredIds();
      const [other] = await selectRows<{ id: string }>(handle.db, sql`select id from stores where id is distinct from (select home_store_id from members where id = ${memberId}) limit 1`);
      expect(await latestChurnScoreForMember(handle.db, { memberId: memberId!, scope: { kind: "stores", storeIds: [other!.id] } })).toBeNull();
      expect(await latestChurnScoreForMember(handle.db, { memberId: "not-a-uuid", scope: all })).toBeNull();
    });

    it("says no profiling consent for an objector, and for a scored member from the moment they withdraw", async () => {
      expect(await latestChurnScoreForMember(handle.db, { memberId: objector, scope: all })).toEqual({ status: "no_consent", run });
      const scored = await scoredIds();
      const withdrawing = scored[scored.length - 1]!;
      await withdrawProfiling(handle.db, withdrawing, new Date());
      expect(await latestChurnScoreForMember(handle.db, { memberId: withdrawing, scope: all })).toEqual({ status: "no_consent", run });
    });

    it("says not scored for a consenting member the run did not score (one who joined after it)", async () => {
      const newcomer = await createTestMember(handle.db, { at: new Date() });
      expect(await latestChurnScoreForMember(handle.db, { memberId: newcomer.id, scope: all })).toEqual({ status: "not_scored", run });
    });

    it("shows the latest contact and its outcome", async () => {
      const [, memberId] = await scoredIds();
      const contact = await markContacted(handle.db, { memberId: memberId!, runId: run.id, scope: all, actor: system, now: new Date("2025-04-02T10:00:00Z") });
      await recordContactOutcome(handle.db, { contactId: contact.id, outcome: "no_response", scope: all, actor: system });
      const churn = await latestChurnScoreForMember(handle.db, { memberId: memberId!, scope: all });
      expect(churn?.status === "scored" ? churn.score.lastContact : null).toEqual({ id: contact.id, contactedAt: new Date("2025-04-02T10:00:00Z"), outcome: "no_response" });
    });

    // Last in this database: it runs the score directly, leaving the run's queued job behind.
    it("scores a run as of an instant before the kept inputs from the receipts and events instead", async () => {
      const earlier = new Date(END.getTime() - 30 * DAY);
      const { runId } = await requestScoreRun(handle.db, { retrain: false, actor: system });
      const timings = await executeScoreRun(handle.db, runId, { now: earlier, chunkSize: 200 });
      expect(timings.inputs).toBe("extracted");
      const progress = (await getScoreRunProgress(handle.db, { id: runId }))!;
      expect(progress).toMatchObject({ status: "done", error: null });
      // Fewer members could churn 30 days earlier, but most of the kept-input run's could.
      expect(progress.scored).toBeGreaterThan(run.scored * 0.8);
      expect(progress.scored).toBeLessThanOrEqual(run.scored);
      expect(run.scored).toBeGreaterThan(300);
    });
  });
});
