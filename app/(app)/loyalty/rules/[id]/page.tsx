import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { RuleArchiveButton } from "@/components/loyalty/rule-archive-button";
import { loadRuleContext } from "@/components/loyalty/rule-names";
import { ruleConditions, ruleEffect, type LoyaltyT } from "@/components/loyalty/rule-summary";
import { RuleVersions } from "@/components/loyalty/rule-versions";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { defaultProgramConfig, staffNames } from "@/db/queries/loyalty/admin-views";
import { listEarningRuleVersions } from "@/db/queries/loyalty/rules";
import { isUuid } from "@/db/queries/scope";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("loyalty.history");
  return { title: t("metaTitle") };
}

export default async function RulePage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const viewer = await requirePagePermission("loyalty:view");
  const { id } = await params;
  const db = await getDb();
  const program = await defaultProgramConfig(db);
  const versions = isUuid(id) ? await listEarningRuleVersions(db, { ruleId: id }) : [];
  const current = versions[0];
  if (!current || current.programId !== program.id) notFound();
  const [context, staff, t] = await Promise.all([loadRuleContext(db, { programId: program.id, scope: viewer.scope }), staffNames(db, versions.map((v) => v.actorId)), getTranslations("loyalty")]);
  const canManage = can(viewer.role, "rules:manage");
  const conditions = ruleConditions(current, t as LoyaltyT, context.names, program.currency);
  return (
    <div className="space-y-6">
      <Link href="/loyalty/rules" className="inline-flex items-center gap-1 text-sm text-[var(--text-muted)] hover:text-[var(--text)]">
        <span aria-hidden="true" className="rtl:rotate-180">
          ←
        </span>
        {t("history.back")}
      </Link>
      <PageHeader
        title={current.name}
        description={`${t(`kinds.${current.kind}`)} · ${t("rules.version", { version: current.version })}`}
        actions={
          canManage ? (
            <>
              <Link href={`/loyalty/rules/${current.ruleId}/edit`} className={buttonClass("secondary")}>
                {t("rules.edit")}
              </Link>
              <RuleArchiveButton rule={current} />
            </>
          ) : null
        }
      />
      <Card>
        <CardHeader title={ruleEffect(current, t as LoyaltyT, program.currency)} actions={current.active ? <Badge tone="good">{t("rules.active")}</Badge> : <Badge>{t("rules.archived")}</Badge>} />
        <p className="text-sm">{conditions.length === 0 ? t("rules.always") : conditions.join(" · ")}</p>
        <p className="mt-2 text-sm text-[var(--text-muted)]">
          {t("history.priority", { priority: current.priority, combine: t(`combine.${current.combine}`) })}
        </p>
      </Card>
      <section aria-labelledby="history-title" className="space-y-3">
        <h2 id="history-title" className="text-base font-semibold">
          {t("history.title")}
        </h2>
        <RuleVersions versions={versions} names={context.names} staff={staff} program={{ currency: program.currency, timeZone: program.timeZone }} />
      </section>
    </div>
  );
}
