import { getTranslations } from "next-intl/server";
import { getDb } from "@/db";
import { recordAudit, staffActor } from "@/db/queries/audit";
import { exportAtRisk, latestScoreRun } from "@/db/queries/churn-at-risk";
import { staffRoute } from "@/lib/auth/route";
import { csvDownload } from "@/lib/csv-download";
import { AppError } from "@/lib/errors";
import { resolveLocale } from "@/lib/i18n/request";
import { filtersOf, parseChurnListQuery } from "../search-params";

/**
 * GET /churn/export.csv?<the list's filters>: the latest run's at-risk list within the caller's scope, in
 * the list's order, with reasons and actions in the downloader's language. Exporting personal data is audited.
 */
export const GET = staffRoute("churn:export", async (request, viewer) => {
  const db = await getDb();
  const run = await latestScoreRun(db);
  if (!run) throw new AppError("not_found", "No members have been scored yet.");
  const query = parseChurnListQuery(new URL(request.url).searchParams);
  const filters = filtersOf(query);
  const t = await getTranslations({ locale: await resolveLocale(), namespace: "churn" });
  await recordAudit(db, { actor: staffActor(viewer), action: "churn.export", entityType: "churn_score_run", entityId: run.id, after: { scope: viewer.scope, filters } });
  const lines = exportAtRisk(db, {
    runId: run.id,
    scope: viewer.scope,
    filters,
    text: {
      header: ["member_id", "member_number", "name", "home_store", "tier", "churn_probability", "risk_band", "clv_minor", "value_at_stake_minor", "reasons", "suggested_action", "contacted_at", "outcome"],
      band: (band) => t(`bands.${band}`),
      reason: (reason) => t(`reasons.${reason.message.key}`, reason.message.params),
      intervention: (kind) => t(`interventions.${kind}`),
      outcome: (outcome) => t(`outcomes.${outcome}`),
    },
  });
  return csvDownload(lines, `at-risk-${run.asOf.toISOString().slice(0, 10)}.csv`);
});
