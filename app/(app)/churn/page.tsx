import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getFormatter, getTranslations } from "next-intl/server";
import { AtRiskFilters } from "@/components/churn/at-risk-filters";
import { AtRiskTable } from "@/components/churn/at-risk-table";
import { ChurnOverview } from "@/components/churn/churn-overview";
import { RescorePanel } from "@/components/churn/rescore-panel";
import { BAND_COLOR_VARS } from "@/components/churn/risk-band-badge";
import { EmptyState } from "@/components/members/empty-state";
import { Pagination } from "@/components/members/pagination";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { atRiskFilterOptions, latestScoreRun, listAtRisk } from "@/db/queries/churn-at-risk";
import { churnOverview } from "@/db/queries/churn-runs";
import { activeScoreRunId } from "@/db/queries/churn-score";
import { getProgramInfo } from "@/db/queries/program";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { churnExportHref, churnListHref, filtersOf, parseChurnListQuery } from "./search-params";

const PAGE_SIZE = 25;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("churn.list");
  return { title: t("title") };
}

/** The at-risk list (by value at stake, within the caller's stores), the churn overview and the re-score button. */
export default async function ChurnPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const viewer = await requirePagePermission("churn:view");
  const query = parseChurnListQuery(await searchParams);
  const db = await getDb();
  const [run, activeRun, options, program, t, format, policyLink] = await Promise.all([
    latestScoreRun(db),
    activeScoreRunId(db),
    atRiskFilterOptions(db, { scope: viewer.scope }),
    getProgramInfo(db),
    getTranslations("churn.list"),
    getFormatter(),
    getTranslations("churn.policy").then((p) => p("link")),
  ]);
  const canRun = can(viewer.role, "models:run");
  const rescore = canRun ? <RescorePanel activeRunId={activeRun} /> : null;
  if (!run) {
    return (
      <>
        <PageHeader title={t("title")} description={t("noRunDescription")} />
        {rescore}
        <EmptyState title={t("noRunTitle")} body={canRun ? t("noRunBodyRun") : t("noRunBody")} />
      </>
    );
  }
  const [list, points] = await Promise.all([
    listAtRisk(db, { runId: run.id, scope: viewer.scope, filters: filtersOf(query), page: query.page, pageSize: PAGE_SIZE }),
    churnOverview(db, { scope: viewer.scope, storeId: query.store }),
  ]);
  const shown = { ...query, page: list.page };
  const filtered = Boolean(query.store || query.tier || query.segment || query.band !== "at_risk");
  return (
    <div className={BAND_COLOR_VARS}>
      <PageHeader
        title={t("title")}
        description={t("runDescription", {
          date: format.dateTime(run.asOf, { dateStyle: "medium", timeStyle: "short" }),
          version: run.modelVersion,
          horizon: run.horizonDays,
        })}
        actions={
          <>
            {can(viewer.role, "models:view") ? (
              <>
                <Link href="/churn/policy" className={buttonClass("ghost")}>
                  {policyLink}
                </Link>
                <Link href="/models/churn" className={buttonClass("ghost")}>
                  {t("modelLink")}
                </Link>
              </>
            ) : null}
            {can(viewer.role, "churn:export") ? (
              <a href={churnExportHref(query)} className={buttonClass("secondary")} data-testid="churn-export">
                {t("export")}
              </a>
            ) : null}
          </>
        }
      />
      {rescore}
      <ChurnOverview points={points} currency={program.currency} />
      <h2 className="mb-3 text-lg font-semibold">{t("listTitle")}</h2>
      <AtRiskFilters query={query} options={options} />
      {list.rows.length === 0 ? (
        <EmptyState
          title={filtered ? t("emptyFilteredTitle") : t("emptyTitle")}
          body={filtered ? t("emptyFilteredBody") : t("emptyBody")}
          action={
            filtered ? (
              <Link href="/churn" className={buttonClass("secondary")}>
                {t("clear")}
              </Link>
            ) : undefined
          }
        />
      ) : (
        <div className="space-y-4">
          <p className="text-sm text-[var(--text-muted)]" data-testid="at-risk-count">
            {t("showing", {
              from: format.number((list.page - 1) * list.pageSize + 1),
              to: format.number((list.page - 1) * list.pageSize + list.rows.length),
              total: format.number(list.total),
            })}
          </p>
          <AtRiskTable
            rows={list.rows}
            runId={run.id}
            currency={program.currency}
            canContact={can(viewer.role, "churn:contact")}
            caption={t("caption", { page: list.page, pages: list.pageCount })}
          />
          {list.pageCount > 1 ? (
            <Pagination
              page={list.page}
              pageCount={list.pageCount}
              previousHref={list.page > 1 ? churnListHref(shown, { page: list.page - 1 }) : null}
              nextHref={list.page < list.pageCount ? churnListHref(shown, { page: list.page + 1 }) : null}
            />
          ) : null}
        </div>
      )}
    </div>
  );
}
