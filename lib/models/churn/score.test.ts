import { describe, expect, it } from "vitest";
import { SeededRandom } from "../random";
import { DEFAULT_INTERVENTION_POLICY, type InterventionKind } from "./interventions";
import type { ReasonKind } from "./reasons";
import { assignInterventions, RunInterventions } from "./score";

const REASONS: Array<ReasonKind | null> = [null, "purchaseGap", "basketDown", "newMember", "dealDriven", "returns", "appSilent", "engagementDown", "emailSilent"];

describe("RunInterventions (a run scored in chunks)", () => {
  it("writes plus the rank changes give every one of 2,000 members what assignInterventions gives over the whole run", () => {
    const random = new SeededRandom(5);
    // Values with ties and unknowns (null), as CLV x probability rounded to whole minor units gives.
    const members = Array.from({ length: 2000 }, () => ({
      churnProbability: random.uniform(),
      valueAtStakeMinor: random.uniform() < 0.1 ? null : Math.round(random.uniform() * 200) * 50,
      dominantReason: REASONS[Math.floor(random.uniform() * REASONS.length)] ?? null,
    }));
    const run = new RunInterventions(DEFAULT_INTERVENTION_POLICY);
    const written = new Map<string, InterventionKind | null>();
    members.forEach((m, i) => written.set(`m${i}`, run.add(`m${i}`, m)));
    const changes = run.changes();
    for (const [kind, ids] of changes) for (const id of ids) written.set(id, kind);

    const expected = assignInterventions(DEFAULT_INTERVENTION_POLICY, members);
    expect(members.map((_, i) => written.get(`m${i}`))).toEqual(expected);
    // Only the win-back calls depend on the rank under the default policy.
    expect([...changes.keys()]).toEqual(["winBackCall"]);
    expect(changes.get("winBackCall")!.length).toBe(expected.filter((k) => k === "winBackCall").length);
  });
});
