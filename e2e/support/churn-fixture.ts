/**
 * Churn scores for e2e/churn.spec.ts, made by the e2e server before the app starts (PGlite allows one
 * process per data directory): a model trained on two cutoffs and every member scored, as the app's job
 * does, and what the specs expect, from SQL written straight over the score tables.
 */
import { writeFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { executeScoreRun, requestScoreRun } from "../../db/queries/churn-score";
import { selectRows } from "../../db/sql";
import { DEMO_USERS } from "../../db/seed/demo-users";
import { CHURN_EXPECTATIONS_FILE, type ChurnExpectations } from "./churn-expectations";

/** Small runs for the specs: the app's re-score uses the same settings (set in the server's environment). */
export const E2E_CHURN_ENV = { CHURN_SCORE_CHUNK_SIZE: "400", CHURN_TRAIN_CUTOFFS: "2", JOBS_POLL_INTERVAL_MS: "1000" };

export async function prepareChurnScores(db: Db): Promise<void> {
  const { runId } = await requestScoreRun(db, { retrain: true, actor: { kind: "system" } });
  await executeScoreRun(db, runId, { now: new Date(), chunkSize: Number(E2E_CHURN_ENV.CHURN_SCORE_CHUNK_SIZE), trainCutoffs: Number(E2E_CHURN_ENV.CHURN_TRAIN_CUTOFFS) });
  const manager = DEMO_USERS.find((u) => u.role === "store_manager")!;
  const stores = await selectRows<{ id: string; name: string }>(
    db,
    sql`select s.id, s.name from staff_user_stores us join staff_users u on u.id = us.staff_user_id join stores s on s.id = us.store_id where u.email = ${manager.email}`,
  );
  const atRisk = (where: ReturnType<typeof sql>) =>
    selectRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from churn_member_scores s join members m on m.id = s.member_id
           where s.run_id = ${runId} and s.risk_band in ('high', 'very_high') and m.status <> 'erased'
             and m.id not in (select member_id from member_consents where purpose = 'personalization' and status = 'withdrawn') and ${where}`,
    ).then((rows) => rows[0]!.n);
  const expectations: ChurnExpectations = {
    manager: { email: manager.email, storeNames: stores.map((s) => s.name), atRisk: await atRisk(sql`m.home_store_id in ${stores.map((s) => s.id)}`) },
    atRiskAll: await atRisk(sql`true`),
  };
  writeFileSync(CHURN_EXPECTATIONS_FILE, JSON.stringify(expectations, null, 2));
}
