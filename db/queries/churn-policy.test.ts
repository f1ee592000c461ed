import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_INTERVENTION_POLICY } from "@/lib/models/churn/interventions";
import { openEmptyDatabase } from "@/test/db";
import type { DbHandle } from "../client";
import { interventionPolicyInForce, listInterventionPolicyVersions } from "./churn-policy";

// The policy is one for the whole program: saving, conflicts and runs with a saved policy are tested in
// churn-score.test.ts, in one file so that no other test file changes the policy in force meanwhile.
let handle: DbHandle;

beforeAll(async () => {
  handle = await openEmptyDatabase();
});

afterAll(async () => handle.close());

describe("the intervention policy", () => {
  it("is the built-in default (version 0) until a version is saved", async () => {
    expect(await interventionPolicyInForce(handle.db)).toMatchObject({ version: 0, rules: DEFAULT_INTERVENTION_POLICY, createdAt: null });
    expect(await listInterventionPolicyVersions(handle.db)).toEqual([{ version: 0, ruleCount: DEFAULT_INTERVENTION_POLICY.length, createdAt: null, createdByName: null }]);
  });
});
