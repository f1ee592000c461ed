import type { GeneratedEvent } from "./engagement";
import { emptyChunk, generateMemberChunks, type GeneratedMember, type GroundTruthMember, type MemberChunk } from "./generate";
import { planProgram, type GenerateOptions, type ProgramPlan } from "./plan";
import type { GeneratedTransaction } from "./purchases";

/** One member's generated rows side by side, for the tests' statistics. */
export interface MemberSample {
  member: GeneratedMember;
  truth: GroundTruthMember;
  sales: GeneratedTransaction[];
  returns: GeneratedTransaction[];
  events: GeneratedEvent[];
}

export interface ProgramSample {
  plan: ProgramPlan;
  /** All chunks concatenated into one (returns' originalIndex rebased accordingly). */
  all: MemberChunk;
  members: MemberSample[];
}

/** Generates a whole (small) program in memory: for tests only, a real run streams chunk by chunk. */
export function generateSample(options: GenerateOptions): ProgramSample {
  const plan = planProgram(options);
  const all = emptyChunk();
  for (const chunk of generateMemberChunks(plan)) {
    const base = all.transactions.length;
    all.members.push(...chunk.members);
    all.identities.push(...chunk.identities);
    all.truths.push(...chunk.truths);
    all.offers.push(...chunk.offers);
    all.events.push(...chunk.events);
    all.pastOffers.push(...chunk.pastOffers);
    for (const t of chunk.transactions) all.transactions.push(t.originalIndex === null ? t : { ...t, originalIndex: base + t.originalIndex });
  }
  const byId = new Map<string, MemberSample>();
  all.members.forEach((member, i) => {
    const truth = all.truths[i];
    if (!truth || truth.memberId !== member.id) throw new Error("ground truth out of step with members");
    byId.set(member.id, { member, truth, sales: [], returns: [], events: [] });
  });
  for (const t of all.transactions) byId.get(t.memberId)?.[t.kind === "sale" ? "sales" : "returns"].push(t);
  for (const e of all.events) byId.get(e.memberId)?.events.push(e);
  return { plan, all, members: [...byId.values()] };
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((s, x) => s + x, 0) / values.length;
}

export function coefficientOfVariation(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(mean(values.map((x) => (x - m) ** 2))) / m;
}

export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
