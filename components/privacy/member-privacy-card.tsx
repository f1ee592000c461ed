import { getFormatter, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/session";
import { consentHistory, currentConsents, isExcludedFromProfiling } from "@/lib/privacy/consent";
import { PURPOSE_RULES } from "@/lib/privacy/purposes";
import { ConsentControls } from "./consent-controls";
import { MemberRequests } from "./member-requests";

/** The member page's privacy card: consent per purpose with its history, and the member's requests. */
export async function MemberPrivacyCard({ memberId, erased, viewer }: { memberId: string; erased: boolean; viewer: Viewer }) {
  const db = await getDb();
  const [consents, history, excluded, t, format] = await Promise.all([
    currentConsents(db, memberId),
    consentHistory(db, memberId, 20),
    isExcludedFromProfiling(db, memberId),
    getTranslations("privacy"),
    getFormatter(),
  ]);
  const canManage = can(viewer.role, "consent:manage") && !erased;
  const actor = (h: (typeof history)[number]) => h.actorName ?? (h.actorKind === "api_key" ? t("consent.actorApi") : t("consent.actorSystem"));
  return (
    <Card aria-labelledby="privacy-title" data-testid="member-privacy">
      <CardHeader title={<span id="privacy-title">{t("consent.title")}</span>} description={t("consent.description")} />
      {excluded ? (
        <p className="mb-3" data-testid="profiling-excluded">
          <Badge tone="warn">{t("consent.profilingExcluded")}</Badge>
        </p>
      ) : null}
      {erased ? <p className="mb-3 text-sm text-[var(--text-muted)]">{t("consent.erasedNote")}</p> : null}
      <ul className="divide-y divide-[var(--border)] text-sm">
        {consents.map((c) => (
          <li key={c.purpose} className="space-y-1 py-2" data-testid={`consent-${c.purpose}`} data-allowed={String(c.allowed)}>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span className="font-medium">{t(`consentPurposes.${c.purpose}`)}</span>
              <Badge tone={c.allowed ? "good" : "neutral"}>{c.allowed ? t("consent.allowed") : t("consent.notAllowed")}</Badge>
            </div>
            <p className="text-xs text-[var(--text-muted)]">
              {c.status && c.lawfulBasis && c.source && c.occurredAt
                ? t("consent.since", {
                    basis: t(`bases.${c.lawfulBasis}`),
                    source: t(`consentSources.${c.source}`),
                    date: format.dateTime(c.occurredAt, { dateStyle: "medium" }),
                  })
                : t("consent.noDecision")}
            </p>
            {canManage ? (
              <ConsentControls memberId={memberId} purpose={c.purpose} allowed={c.allowed} bases={PURPOSE_RULES[c.purpose].bases} currentBasis={c.lawfulBasis} />
            ) : null}
          </li>
        ))}
      </ul>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer text-[var(--text-muted)]">{t("consent.history")}</summary>
        {history.length === 0 ? (
          <p className="mt-2 text-xs text-[var(--text-muted)]">{t("consent.historyEmpty")}</p>
        ) : (
          <ol className="mt-2 space-y-1 text-xs">
            {history.map((h) => (
              <li key={h.id}>
                <time dateTime={h.occurredAt.toISOString()} className="tabular text-[var(--text-muted)]">
                  {format.dateTime(h.occurredAt, { dateStyle: "short", timeStyle: "short" })}
                </time>{" "}
                {t("consent.historyLine", {
                  purpose: t(`consentPurposes.${h.purpose}`),
                  status: t(`consent.status.${h.status}`),
                  basis: t(`bases.${h.lawfulBasis}`),
                  source: t(`consentSources.${h.source}`),
                  actor: actor(h),
                })}
              </li>
            ))}
          </ol>
        )}
      </details>
      {can(viewer.role, "privacy:requests") || can(viewer.role, "members:rectify") ? (
        <div className="mt-4">
          <MemberRequests memberId={memberId} canRequest={can(viewer.role, "privacy:requests")} canRectify={can(viewer.role, "members:rectify")} erased={erased} />
        </div>
      ) : null}
    </Card>
  );
}
