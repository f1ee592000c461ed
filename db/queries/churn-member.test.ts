import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JobRegistry } from "@/lib/jobs/registry";
import { runDueJobs } from "@/lib/jobs/run";
import { createTestMember, withdrawProfiling } from "@/lib/privacy/testing";
import { openTestDatabase, uniqueTag } from "@/test/db";
import type { DbHandle } from "../client";
import { seedDemoProgram } from "../seed/program";
import { selectRows } from "../sql";
import { latestChurnScoreForMember, latestScoreRun, listAtRisk, type ScoreRunSummary } from "./churn-at-risk";
import { markContacted, recordContactOutcome } from "./churn-contacts";
import { executeScoreRun, requestScoreRun, SCORE_JOB } from "./churn-score";

const DAY = 86_400_000;
const END = new Date("2025-03-31T00:00:00Z");
const system = { kind: "system" } as const;
const all = { kind: "all" } as const;

let handle: DbHandle;
let memberIds: string[];
let objector: string;
let runBefore: ScoreRunSummary | null;
let noRunYet: Awaited<ReturnType<typeof latestChurnScoreForMember>>;
let run: ScoreRunSummary;

const registry = new JobRegistry();
registry.register(SCORE_JOB, ({ db, payload }) => executeScoreRun(db, String(payload.runId), { now: END, chunkSize: 200, trainCutoffs: 2 }));

const ids = (list: readonly string[]) => `{${list.join(",")}}`;

beforeAll(async () => {
  handle = await openTestDatabase();
  const tag = uniqueTag("churn360");
  await seedDemoProgram(handle, { members: 500, months: 15, seed: 11, end: END, tag });
  memberIds = (await selectRows<{ id: string }>(handle.db, sql`select id from members where external_id like ${`${tag}-M%`} order by id`)).map((r) => r.id);
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
  await handle.close();
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
});
