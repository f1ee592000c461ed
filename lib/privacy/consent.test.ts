import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { seedDemoProgram } from "@/db/seed/program";
import { selectRows } from "@/db/sql";
import { openTestDatabase, uniqueTag } from "@/test/db";
import { currentConsents, consentHistory, hasConsent, membersWithoutProfilingConsent, recordConsents } from "./consent";
import { eraseMembers } from "./erasure";
import { seedConsents } from "./seed-consents";
import { createTestMember } from "./testing";

let handle: DbHandle;
const staff = { kind: "staff" as const, id: crypto.randomUUID() };
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle.close());

const allowedBy = async (memberId: string, purpose: Parameters<typeof hasConsent>[0]) =>
  (await selectRows<{ ok: boolean }>(handle.db, sql`SELECT ${hasConsent(purpose)} AS ok FROM members m WHERE m.id = ${memberId}`))[0]?.ok;

describe("consent per purpose", () => {
  it("keeps every decision in the history and the latest one as the current state", async () => {
    const m = await createTestMember(handle.db);
    const t0 = new Date("2026-01-10T10:00:00Z");
    await recordConsents(handle.db, { memberId: m.id, source: "pos", changes: [{ purpose: "marketing_email", status: "granted", lawfulBasis: "consent", occurredAt: t0 }] }, { actor: staff });
    await recordConsents(
      handle.db,
      { memberId: m.id, source: "ui", changes: [{ purpose: "marketing_email", status: "withdrawn", lawfulBasis: "consent", occurredAt: new Date("2026-02-01T10:00:00Z") }] },
      { actor: staff },
    );
    // A late import of an older decision is history, not the current state.
    await recordConsents(
      handle.db,
      { memberId: m.id, source: "import", changes: [{ purpose: "marketing_email", status: "granted", lawfulBasis: "consent", occurredAt: new Date("2026-01-20T10:00:00Z") }] },
      { actor: staff },
    );
    const history = await consentHistory(handle.db, m.id);
    expect(history.map((h) => [h.status, h.source])).toEqual([["withdrawn", "ui"], ["granted", "import"], ["granted", "pos"]]);
    const email = (await currentConsents(handle.db, m.id)).find((c) => c.purpose === "marketing_email")!;
    expect(email).toMatchObject({ status: "withdrawn", source: "ui", allowed: false });
    expect(await allowedBy(m.id, "marketing_email")).toBe(false);
  });

  it("needs a grant for marketing and an objection to stop personalization", async () => {
    const m = await createTestMember(handle.db);
    expect(await allowedBy(m.id, "marketing_sms")).toBe(false);
    expect(await allowedBy(m.id, "personalization")).toBe(true);
    await recordConsents(
      handle.db,
      {
        memberId: m.id,
        source: "app",
        changes: [
          { purpose: "marketing_sms", status: "granted", lawfulBasis: "consent" },
          { purpose: "personalization", status: "withdrawn", lawfulBasis: "legitimate_interest" },
        ],
      },
      { actor: staff },
    );
    expect(await allowedBy(m.id, "marketing_sms")).toBe(true);
    expect(await allowedBy(m.id, "personalization")).toBe(false);
    const excluded = await selectRows<{ member_id: string }>(handle.db, sql`${membersWithoutProfilingConsent()} AND member_id = ${m.id}`);
    expect(excluded).toHaveLength(1);
  });

  it("refuses a lawful basis that does not fit the purpose, naming the field, and writes nothing", async () => {
    const m = await createTestMember(handle.db);
    await expect(
      recordConsents(handle.db, { memberId: m.id, source: "ui", changes: [{ purpose: "marketing_sms", status: "granted", lawfulBasis: "contract" }] }, { actor: staff }),
    ).rejects.toThrow(/changes\.0\.lawfulBasis/);
    expect(await consentHistory(handle.db, m.id)).toHaveLength(0);
  });

  it("refuses unknown, out-of-scope and erased members", async () => {
    const m = await createTestMember(handle.db);
    const change = { purpose: "analytics" as const, status: "withdrawn" as const, lawfulBasis: "legitimate_interest" as const };
    await expect(recordConsents(handle.db, { memberId: crypto.randomUUID(), source: "ui", changes: [change] }, { actor: staff })).rejects.toMatchObject({ code: "not_found" });
    await expect(
      recordConsents(handle.db, { memberId: m.id, source: "ui", changes: [change] }, { actor: staff, scope: { kind: "stores", storeIds: [crypto.randomUUID()] } }),
    ).rejects.toMatchObject({ code: "not_found" });
    await eraseMembers(handle.db, [m.id], { actor: staff, reason: "request" });
    await expect(recordConsents(handle.db, { memberId: m.id, source: "ui", changes: [change] }, { actor: staff })).rejects.toMatchObject({ code: "conflict" });
  });

  it("audits each decision with purposes and states only", async () => {
    const m = await createTestMember(handle.db);
    await recordConsents(handle.db, { memberId: m.id, source: "ui", changes: [{ purpose: "marketing_push", status: "granted", lawfulBasis: "consent" }] }, { actor: staff });
    const [entry] = await selectRows<{ actor_id: string; before: string; after: string }>(
      handle.db,
      sql`SELECT actor_id, before::text, after::text FROM audit_log WHERE action = 'consent.record' AND entity_id = ${m.id}`,
    );
    expect(entry).toMatchObject({ actor_id: staff.id });
    expect(JSON.parse(entry!.after)).toEqual({ marketing_push: "granted (consent)" });
    expect(JSON.parse(entry!.before)).toEqual({ marketing_push: null });
  });

  it("never lets the history be edited or deleted", async () => {
    const m = await createTestMember(handle.db);
    await recordConsents(handle.db, { memberId: m.id, source: "ui", changes: [{ purpose: "analytics", status: "granted", lawfulBasis: "legitimate_interest" }] }, { actor: staff });
    await expect(handle.db.execute(sql`UPDATE consent_events SET status = 'withdrawn' WHERE member_id = ${m.id}`)).rejects.toThrow();
    await expect(handle.db.execute(sql`DELETE FROM consent_events WHERE member_id = ${m.id}`)).rejects.toThrow();
    expect(await consentHistory(handle.db, m.id)).toHaveLength(1);
  });
});

describe("demo consents", () => {
  it("gives generated members plausible decisions, once, the same for the same seed", async () => {
    const tag = uniqueTag("cs");
    await seedDemoProgram(handle, { members: 400, months: 6, seed: 11, tag });
    const prefix = `${tag}-`;
    const now = new Date();
    const written = await seedConsents(handle.db, { seed: 5, now, externalIdPrefix: prefix });
    expect(written).toBeGreaterThan(400 * 2);
    expect(await seedConsents(handle.db, { seed: 5, now, externalIdPrefix: prefix })).toBe(0);
    const [shares] = await selectRows<{ email_granted: number; profiling_withdrawn: number; analytics_withdrawn: number; members: number }>(
      handle.db,
      sql`SELECT (count(*) FILTER (WHERE c.purpose = 'marketing_email' AND c.status = 'granted'))::float8
                   / count(DISTINCT m.id) FILTER (WHERE m.email IS NOT NULL) AS email_granted,
                 (count(*) FILTER (WHERE c.purpose = 'personalization' AND c.status = 'withdrawn'))::float8 / count(DISTINCT m.id) AS profiling_withdrawn,
                 (count(*) FILTER (WHERE c.purpose = 'analytics' AND c.status = 'withdrawn'))::float8 / count(DISTINCT m.id) AS analytics_withdrawn,
                 count(DISTINCT m.id)::int AS members
          FROM members m JOIN member_consents c ON c.member_id = m.id WHERE m.external_id LIKE ${`${prefix}%`}`,
    );
    expect(shares!.members).toBe(400);
    // 62% of members with an e-mail grant it and 12% of those withdraw later: about 55% hold a grant now.
    expect(shares!.email_granted).toBeGreaterThan(0.45);
    expect(shares!.email_granted).toBeLessThan(0.65);
    expect(shares!.profiling_withdrawn).toBeGreaterThan(0.02);
    expect(shares!.profiling_withdrawn).toBeLessThan(0.12);
    expect(shares!.analytics_withdrawn).toBeLessThan(0.08);
    // Deterministic: whether a member with an e-mail has an e-mail decision follows from md5(id, purpose, seed).
    const checks = await selectRows<{ drawn: boolean; recorded: boolean }>(
      handle.db,
      sql`SELECT ('x' || substr(md5(m.id::text || 'marketing_email' || '5'), 1, 8))::bit(32)::bigint / 4294967296.0 < 0.62 AS drawn,
                 EXISTS (SELECT 1 FROM consent_events e WHERE e.member_id = m.id AND e.purpose = 'marketing_email') AS recorded
          FROM members m WHERE m.external_id LIKE ${`${prefix}%`} AND m.email IS NOT NULL`,
    );
    expect(checks.length).toBeGreaterThan(100);
    for (const c of checks) expect(c.recorded).toBe(c.drawn);
  });
});
