import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { selectRows } from "@/db/sql";
import { openTestDatabase, uniqueTag } from "@/test/db";
import { enforceRetention, getRetentionSettings, updateRetentionSettings, type RetentionSettings } from "./retention";
import { createTestMember } from "./testing";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => handle.close());

// Everything here is dated in the 1970s, and "now" too, so the cutoffs reach no other test's data on a shared database.
const at = (iso: string) => new Date(iso);
const settings = (over: Partial<RetentionSettings>): RetentionSettings => ({
  eventRetentionMonths: 24,
  eventRetentionMode: "aggregate",
  inactiveMemberMonths: null,
  loginAttemptRetentionDays: 90,
  ...over,
});

async function eventCounts(memberId: string) {
  const [raw] = await selectRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM engagement_events WHERE member_id = ${memberId}`);
  const monthly = await selectRows<{ month: string; type: string; events: number }>(
    handle.db,
    sql`SELECT month::text, type::text, events FROM engagement_monthly WHERE member_id = ${memberId} ORDER BY month, type`,
  );
  return { raw: raw!.n, monthly };
}

describe("retention", () => {
  it("counts raw events older than the period into months, then deletes them; newer ones stay", async () => {
    const old = await createTestMember(handle.db, { at: at("1971-03-10T12:00:00Z") });
    const recent = await createTestMember(handle.db, { at: at("1974-06-10T12:00:00Z") });
    const result = await enforceRetention(handle.db, at("1975-01-01T00:00:00Z"), { settings: settings({ eventRetentionMonths: 24 }) });
    expect(result.eventsDeleted).toBe(3);
    expect(result.eventsAggregated).toBe(3);
    expect(await eventCounts(old.id)).toEqual({
      raw: 0,
      monthly: [
        { month: "1971-03-01", type: "app_open", events: 1 },
        { month: "1971-03-01", type: "email_open", events: 1 },
        { month: "1971-03-01", type: "review", events: 1 },
      ],
    });
    expect((await eventCounts(recent.id)).raw).toBe(3);
  });

  it("deletes without counting in delete mode", async () => {
    const old = await createTestMember(handle.db, { at: at("1970-02-10T12:00:00Z") });
    const result = await enforceRetention(handle.db, at("1972-06-01T00:00:00Z"), { settings: settings({ eventRetentionMonths: 12, eventRetentionMode: "delete" }) });
    expect(result.eventsAggregated).toBe(0);
    expect(await eventCounts(old.id)).toEqual({ raw: 0, monthly: [] });
  });

  it("erases members with no activity for the period through the erasure path, and keeps active ones", async () => {
    const inactive = await createTestMember(handle.db, { at: at("1976-01-05T12:00:00Z") });
    const active = await createTestMember(handle.db, { at: at("1976-02-05T12:00:00Z") });
    // A purchase within the period keeps a member active.
    await handle.db.execute(sql`INSERT INTO transactions (member_id, store_id, channel, occurred_at, currency, total_minor, item_count, source, external_id)
      VALUES (${active.id}, ${active.storeId}, 'pos', '1978-11-01T10:00:00Z', 'EUR', 500, 1, 'pos', ${uniqueTag("rt")})`);
    const result = await enforceRetention(handle.db, at("1979-01-01T00:00:00Z"), {
      settings: settings({ eventRetentionMonths: 240, inactiveMemberMonths: 24 }),
    });
    expect(result.membersErased).toBeGreaterThanOrEqual(1);
    const statuses = await selectRows<{ id: string; status: string; email: string | null }>(
      handle.db,
      sql`SELECT id, status, email FROM members WHERE id IN ${[inactive.id, active.id]}`,
    );
    expect(Object.fromEntries(statuses.map((s) => [s.id, [s.status, s.email]]))).toEqual({
      [inactive.id]: ["erased", null],
      [active.id]: ["active", active.personal.email],
    });
    const audit = await selectRows<{ actor_kind: string; after: string }>(
      handle.db,
      sql`SELECT actor_kind, after::text FROM audit_log WHERE action = 'member.erase' AND entity_id = ${inactive.id}`,
    );
    expect(audit.map((a) => [a.actor_kind, JSON.parse(a.after)])).toEqual([["system", { reason: "retention" }]]);
  });

  it("deletes sign-in attempts older than their period", async () => {
    const email = `${uniqueTag("la")}@staff.example`;
    await handle.db.execute(sql`INSERT INTO login_attempts (email, success, created_at) VALUES
      (${email}, false, '1973-01-01T00:00:00Z'), (${email}, false, '1973-12-20T00:00:00Z')`);
    await enforceRetention(handle.db, at("1974-01-01T00:00:00Z"), { settings: settings({ loginAttemptRetentionDays: 90 }) });
    const [row] = await selectRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM login_attempts WHERE email = ${email}`);
    expect(row!.n).toBe(1);
  });
});

describe("retention settings", () => {
  it("are saved with an audit entry holding before and after, and refused when out of range", async () => {
    const actor = { kind: "staff" as const, id: crypto.randomUUID() };
    const { updatedAt: _u, ...previous } = await getRetentionSettings(handle.db);
    try {
      await updateRetentionSettings(handle.db, { eventRetentionMonths: 18, eventRetentionMode: "delete", inactiveMemberMonths: 36, loginAttemptRetentionDays: 30 }, actor);
      expect(await getRetentionSettings(handle.db)).toMatchObject({ eventRetentionMonths: 18, eventRetentionMode: "delete", inactiveMemberMonths: 36, loginAttemptRetentionDays: 30 });
      const [entry] = await selectRows<{ before: string; after: string }>(
        handle.db,
        sql`SELECT before::text, after::text FROM audit_log WHERE action = 'privacy_settings.update' AND actor_id = ${actor.id}`,
      );
      expect(JSON.parse(entry!.before)).toEqual(previous);
      expect(JSON.parse(entry!.after)).toMatchObject({ eventRetentionMonths: 18, inactiveMemberMonths: 36 });
      await expect(updateRetentionSettings(handle.db, { eventRetentionMonths: 0, eventRetentionMode: "delete", inactiveMemberMonths: null, loginAttemptRetentionDays: 30 }, actor)).rejects.toMatchObject({
        code: "invalid_input",
      });
    } finally {
      // The settings row is shared by every test on the database: put it back.
      await updateRetentionSettings(handle.db, previous, actor);
    }
  });
});
