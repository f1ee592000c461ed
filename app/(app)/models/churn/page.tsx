import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getFormatter, getTranslations } from "next-intl/server";
import { z } from "zod";
import { CalibrationChart, LiftChart, MODEL_COLOR_VARS } from "@/components/churn/model-charts";
import { ImportanceList, ModelMetricsTable } from "@/components/churn/model-figures";
import { ModelHistory } from "@/components/churn/model-history";
import { EmptyState } from "@/components/members/empty-state";
import { buttonClass } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getModelRun, listModelRuns } from "@/db/queries/churn-runs";
import { requirePagePermission } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("churn.model");
  return { title: t("title") };
}

const versionParam = z.coerce.number().int().min(1).max(1_000_000).optional().catch(undefined);

/** The churn model's figures: backtest metrics beside the baselines, calibration, lift, importances, data window, versions. */
export default async function ChurnModelPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  await requirePagePermission("models:view");
  const raw = (await searchParams).version;
  const version = versionParam.parse(Array.isArray(raw) ? raw[0] : raw);
  const db = await getDb();
  const [model, runs, t, format] = await Promise.all([getModelRun(db, { version }), listModelRuns(db), getTranslations("churn.model"), getFormatter()]);
  if (!model) {
    return (
      <>
        <PageHeader title={t("title")} />
        <EmptyState
          title={version === undefined ? t("noModelTitle") : t("noSuchVersion", { version })}
          body={t("noModelBody")}
          action={
            <Link href="/churn" className={buttonClass("secondary")}>
              {t("toList")}
            </Link>
          }
        />
      </>
    );
  }
  const day = (d: Date) => format.dateTime(d, { dateStyle: "medium" });
  const gbt = model.evaluations.find((e) => e.name === "gbt");
  const facts: Array<[string, string]> = [
    [t("facts.trainedAt"), format.dateTime(model.trainedAt, { dateStyle: "medium", timeStyle: "short" })],
    [t("facts.window"), t("window", { from: day(model.dataFrom), to: day(model.dataTo) })],
    [t("facts.horizon"), t("days", { days: model.horizonDays })],
    [t("facts.cutoffs"), model.trainCutoffs.map(day).join(", ")],
    ...(model.sample
      ? ([
          [
            t("facts.sample"),
            model.sample.members < model.sample.eligible
              ? t("sample", {
                  members: format.number(model.sample.members),
                  eligible: format.number(model.sample.eligible),
                  share: format.number(model.sample.members / model.sample.eligible, { style: "percent", maximumFractionDigits: 1 }),
                })
              : t("sampleAll", { eligible: format.number(model.sample.eligible) }),
          ],
        ] as Array<[string, string]>)
      : []),
    [t("facts.testCutoff"), day(model.testCutoff)],
    [t("facts.rows"), t("rows", { train: format.number(model.trainRows), test: format.number(model.testRows) })],
    [t("facts.churnRate"), format.number(model.testChurnRate, { style: "percent", maximumFractionDigits: 1 })],
    [t("facts.trees"), format.number(model.trees)],
  ];
  return (
    <div className={`space-y-6 ${MODEL_COLOR_VARS}`}>
      <PageHeader
        title={t("title")}
        description={t("description", { version: model.version })}
        actions={
          <Link href="/churn" className={buttonClass("secondary")}>
            {t("toList")}
          </Link>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-1">
          <CardHeader title={t("versionN", { version: model.version })} description={t("factsDescription")} />
          <p className="mb-4" data-testid="model-auc">
            <span className="block text-xs uppercase tracking-wide text-[var(--text-muted)]">{t("columns.auc")}</span>
            <span className="tabular text-3xl font-semibold">{gbt ? format.number(gbt.auc, { minimumFractionDigits: 3, maximumFractionDigits: 3 }) : "–"}</span>
          </p>
          <dl className="space-y-2 text-sm">
            {facts.map(([label, value]) => (
              <div key={label}>
                <dt className="text-[var(--text-muted)]">{label}</dt>
                <dd className="tabular">{value}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <div className="lg:col-span-2">
          <ModelMetricsTable evaluations={model.evaluations} />
        </div>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        {gbt?.calibration ? <CalibrationChart evaluation={gbt} /> : null}
        <LiftChart evaluations={model.evaluations} />
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <ImportanceList importances={model.importances} />
        <ModelHistory runs={runs} shown={model.version} />
      </div>
    </div>
  );
}
