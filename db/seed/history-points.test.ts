import { describe, expect, it } from "vitest";
import { openPrivateDatabase } from "../../test/db";
import { getProgramConfig, resolveProgramId } from "../queries/loyalty/config";
import { seedDemoProgram, seedLivingProgram } from "./program";

// A file of its own: the loyalty configuration is cached per process by program id, and the default
// program's id is the same in every database, so a second demo database in one process would read the
// first one's cached tiers.
const END = new Date("2025-07-01T00:00:00Z");

describe("the real demo seed without history points (the 1M bench's --history-points no)", () => {
  it("configures the program and its consents and builds member features, but credits no receipt; a later living seed credits them", async () => {
    const db = await openPrivateDatabase();
    try {
      const result = await seedDemoProgram(db.handle, { members: 60, months: 4, seed: 11, end: END, historyPoints: false });
      expect(result.living).toMatchObject({ configured: true, points: { receipts: 0, entries: 0, members: 0 } });
      expect(result.living!.consentEvents).toBeGreaterThan(0);
      const programId = await resolveProgramId(db.handle.db);
      expect((await getProgramConfig(db.handle.db, programId)).rules.length).toBe(6);
      const [counts] = await db.handle.rawTransaction((raw) =>
        raw.query<{ entries: number; lots: number; features: number; sales: number; creditable: number }>(
          `select (select count(*)::int from points_entries) as entries, (select count(*)::int from points_lots) as lots,
                (select count(*)::int from member_features where as_of is not null) as features,
                (select count(*)::int from transactions where kind = 'sale' and member_id is not null) as sales,
                (select count(*)::int from transactions t where kind = 'sale' and member_id is not null and currency = 'EUR'
                    and exists (select 1 from transaction_lines l where l.transaction_id = t.id and l.amount_minor >= 100)) as creditable`,
        ),
      );
      expect(counts).toMatchObject({ entries: 0, lots: 0, features: 60 });
      expect(counts!.sales).toBeGreaterThan(0);
      // The crediting skipped is the one the default seed runs: done afterwards, it finds every sale uncredited
      // and credits each that earns a point: 1 point per whole euro, floored per line, so a sale whose every
      // line is under 1.00 EUR (a discounted bun) earns none.
      const later = await seedLivingProgram(db.handle.db, { seed: 11, now: END });
      expect(later.points.receipts).toBe(counts!.creditable);
      expect(counts!.creditable).toBeGreaterThan(0.95 * counts!.sales);
    } finally {
      await db.dispose();
    }
  });
});
