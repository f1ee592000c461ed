import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getFormatter, getTranslations } from "next-intl/server";
import { z } from "zod";
import { PolicyEditor } from "@/components/churn/policy-editor";
import { PolicyHistory } from "@/components/churn/policy-history";
import { PolicyPreviewSummary } from "@/components/churn/policy-preview-summary";
import { PolicyRulesTable } from "@/components/churn/policy-rules-table";
import { PolicyWarnings } from "@/components/churn/policy-warnings";
import type { PolicyPreviewData } from "@/components/churn/use-policy-preview";
import { EmptyState } from "@/components/members/empty-state";
import { buttonClass } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { latestScoreRun } from "@/db/queries/churn-at-risk";
import { getInterventionPolicy, interventionPolicyInForce, listInterventionPolicyVersions, previewInterventionPolicy, type PolicyVersion } from "@/db/queries/churn-policy";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { policyWarnings } from "@/lib/models/churn/interventions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("churn.policy");
  return { title: t("title") };
}

const versionParam = z.coerce.number().int().min(0).max(1_000_000).optional().catch(undefined);

/**
 * The intervention policy: which action the at-risk list suggests to whom. Everyone who sees the model sees
 * the rules, their preview on the latest re-score and the versions; admins (churn:policy) edit them, and an
 * older version (?version=N) opens in the editor as the starting point of a new one.
 */
export default async function ChurnPolicyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const viewer = await requirePagePermission("models:view");
  const raw = (await searchParams).version;
  const version = versionParam.parse(Array.isArray(raw) ? raw[0] : raw);
  const db = await getDb();
  const [current, shown, versions, run, t, format] = await Promise.all([
    interventionPolicyInForce(db),
    version === undefined ? null : getInterventionPolicy(db, { version }),
    listInterventionPolicyVersions(db),
    latestScoreRun(db),
    getTranslations("churn.policy"),
    getFormatter(),
  ]);
  const back = (
    <Link href="/churn" className={buttonClass("secondary")}>
      {t("toList")}
    </Link>
  );
  if (version !== undefined && !shown) {
    return (
      <>
        <PageHeader title={t("title")} actions={back} />
        <EmptyState title={t("noSuchVersion", { version })} body={t("description")} action={<Link href="/churn/policy" className={buttonClass("secondary")}>{t("toCurrent")}</Link>} />
      </>
    );
  }
  const policy = shown ?? current;
  const old = policy.version !== current.version;
  const found = await previewInterventionPolicy(db, { rules: policy.rules });
  const preview: PolicyPreviewData | null = found ? { ...found, asOf: found.asOf.toISOString() } : null;
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });
  const describe = (p: PolicyVersion, key: "inForce" | "showingOld") =>
    p.createdAt === null ? t(`${key}Default`) : t(key, { version: p.version, name: p.createdByName ?? t("history.system"), date: when(p.createdAt) });
  const canEdit = can(viewer.role, "churn:policy");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} description={t("description")} actions={back} />
      <Card aria-labelledby="policy-rules-title">
        <CardHeader
          title={<span id="policy-rules-title">{!old ? t("rulesTitle") : policy.version === 0 ? t("history.builtIn") : t("history.versionN", { version: policy.version })}</span>}
          description={
            <>
              {describe(policy, old ? "showingOld" : "inForce")}{" "}
              {old && canEdit ? t("editFromOld", { version: policy.version, next: current.version + 1 }) : null}
              {run && run.policyVersion !== null
                ? ` ${run.policyVersion === 0 ? t("latestRunDefault", { date: when(run.asOf) }) : t("latestRun", { date: when(run.asOf), version: run.policyVersion })}`
                : null}
            </>
          }
          actions={
            old ? (
              <Link href="/churn/policy" className={buttonClass("ghost")}>
                {t("toCurrent")}
              </Link>
            ) : undefined
          }
        />
        <p className="mb-4 text-sm">{t("rulesDescription")}</p>
        {canEdit ? (
          <PolicyEditor rules={policy.rules} baseVersion={current.version} preview={preview} afterSave={old ? "/churn/policy" : undefined} />
        ) : (
          <div className="space-y-4">
            <PolicyPreviewSummary preview={preview} />
            <PolicyRulesTable rules={policy.rules} preview={preview} />
            <PolicyWarnings warnings={policyWarnings(policy.rules)} />
          </div>
        )}
      </Card>
      <PolicyHistory versions={versions} inForce={current.version} shown={policy.version} />
    </div>
  );
}
