import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getFormatter, getTranslations } from "next-intl/server";
import { RetentionForm } from "@/components/privacy/retention-form";
import { buttonClass } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { consentTotals, memberStatusTotals } from "@/db/queries/privacy";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { CONSENT_PURPOSES, PURPOSE_RULES } from "@/lib/privacy/purposes";
import { getRetentionSettings } from "@/lib/privacy/retention";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("privacy");
  return { title: t("metaTitle") };
}

export default async function PrivacyPage() {
  await connection();
  const viewer = await requirePagePermission("privacy:view");
  const db = await getDb();
  const [totals, members, settings, t, format] = await Promise.all([
    consentTotals(db),
    memberStatusTotals(db),
    getRetentionSettings(db),
    getTranslations("privacy"),
    getFormatter(),
  ]);
  const byPurpose = new Map(totals.map((row) => [row.purpose, row]));
  const n = (value: number) => format.number(value);
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            <Link href="/privacy/catalogue" className={buttonClass("secondary")}>
              {t("catalogueLink")}
            </Link>
            {can(viewer.role, "audit:view") ? (
              <Link href="/audit" className={buttonClass("secondary")}>
                {t("auditLink")}
              </Link>
            ) : null}
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card aria-labelledby="consent-figures">
          <CardHeader title={<span id="consent-figures">{t("consentFigures.title")}</span>} description={t("consentFigures.description")} />
          <table className="w-full text-sm">
            <thead className="text-start text-xs text-[var(--text-muted)]">
              <tr>
                <th scope="col" className="py-1 text-start font-medium">{t("consentFigures.purpose")}</th>
                <th scope="col" className="py-1 text-end font-medium">{t("consentFigures.granted")}</th>
                <th scope="col" className="py-1 text-end font-medium">{t("consentFigures.withdrawn")}</th>
                <th scope="col" className="py-1 text-end font-medium">{t("consentFigures.rule")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-[var(--border)]">
              {CONSENT_PURPOSES.map((purpose) => (
                <tr key={purpose}>
                  <th scope="row" className="py-2 text-start font-normal">{t(`consentPurposes.${purpose}`)}</th>
                  <td className="tabular py-2 text-end">{n(byPurpose.get(purpose)?.granted ?? 0)}</td>
                  <td className="tabular py-2 text-end">{n(byPurpose.get(purpose)?.withdrawn ?? 0)}</td>
                  <td className="py-2 text-end text-[var(--text-muted)]">
                    {PURPOSE_RULES[purpose].default === "opt_in" ? t("consentFigures.optIn") : t("consentFigures.optOut")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-3 text-xs text-[var(--text-muted)]">{t("consentFigures.members", { members: n(members.members), erased: n(members.erased) })}</p>
        </Card>
        <Card aria-labelledby="retention-title">
          <CardHeader title={<span id="retention-title">{t("retention.title")}</span>} description={t("retention.description")} />
          <RetentionForm
            settings={{
              eventRetentionMonths: settings.eventRetentionMonths,
              eventRetentionMode: settings.eventRetentionMode,
              inactiveMemberMonths: settings.inactiveMemberMonths,
              loginAttemptRetentionDays: settings.loginAttemptRetentionDays,
            }}
            editable={can(viewer.role, "privacy:manage")}
          />
        </Card>
      </div>
    </>
  );
}
