import type { Metadata } from "next";
import { connection } from "next/server";
import { getFormatter, getTranslations } from "next-intl/server";
import { BackLink } from "@/components/segments/back-link";
import { ClusterCards } from "@/components/segments/cluster-cards";
import { ClusterRunForm } from "@/components/segments/cluster-run-form";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getProgramInfo } from "@/db/queries/program";
import { latestClusterRun } from "@/db/queries/segments-clusters";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("segments.clusters");
  return { title: t("title") };
}

export default async function ClustersPage() {
  await connection();
  const viewer = await requirePagePermission("models:view");
  const db = await getDb();
  const [run, program, t, tAi, format] = await Promise.all([latestClusterRun(db), getProgramInfo(db), getTranslations("segments.clusters"), getTranslations("segments-ai"), getFormatter()]);
  const n = (x: number) => format.number(x);
  return (
    <div className="space-y-6">
      <div>
        <BackLink href="/segments" />
        <PageHeader title={t("title")} description={t("description")} />
      </div>
      {can(viewer.role, "models:run") ? (
        <Card aria-labelledby="cluster-run-title">
          <CardHeader title={<span id="cluster-run-title">{t("runTitle")}</span>} description={t("runDescription")} />
          <ClusterRunForm hasRun={run !== null} />
        </Card>
      ) : null}
      {run ? (
        <section aria-labelledby="cluster-result-title" className="space-y-4">
          <div>
            <h2 id="cluster-result-title" className="text-lg font-semibold">
              {t("resultTitle", { k: run.k })}
            </h2>
            <p className="text-sm text-[var(--text-muted)]" data-testid="cluster-run-summary">
              {t("resultSummary", {
                when: format.dateTime(run.createdAt, { dateStyle: "medium", timeStyle: "short" }),
                who: run.createdByName ?? t("someone"),
                fitted: n(run.fitted),
                placed: n(run.placed),
              })}{" "}
              {run.kChosen ? t("kChosen", { k: run.k }) : t("kGiven", { k: run.k })}
            </p>
            <p className="text-sm font-medium" data-testid="cluster-moves">
              {run.comparison ? `${tAi("rerun.moved", { moved: run.comparison.moved })} · ${tAi("rerun.entered", { count: run.comparison.entered })}` : t("firstRun")}
            </p>
          </div>
          <ClusterCards run={run} currency={program.currency} canSave={can(viewer.role, "segments:manage")} day={format.dateTime(run.createdAt, { dateStyle: "medium" })} />
        </section>
      ) : (
        <p className="text-sm text-[var(--text-muted)]">{t("noRun")}</p>
      )}
    </div>
  );
}
