import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { PreviewCard } from "@/components/loyalty/preview-card";
import { loadRuleContext } from "@/components/loyalty/rule-names";
import { RulesTable } from "@/components/loyalty/rules-table";
import { EmptyState } from "@/components/members/empty-state";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { defaultProgramConfig } from "@/db/queries/loyalty/admin-views";
import { listEarningRules } from "@/db/queries/loyalty/rules";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("loyalty.rules");
  return { title: t("title") };
}

export default async function RulesPage() {
  await connection();
  const viewer = await requirePagePermission("loyalty:view");
  const db = await getDb();
  const program = await defaultProgramConfig(db);
  const [rules, context, t] = await Promise.all([listEarningRules(db, { programId: program.id }), loadRuleContext(db, { programId: program.id, scope: viewer.scope }), getTranslations("loyalty")]);
  const canManage = can(viewer.role, "rules:manage");
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("rules.title")}
        description={canManage ? t("rules.description") : t("rules.readOnly")}
        actions={
          canManage ? (
            <Link href="/loyalty/rules/new" className={buttonClass("primary")}>
              {t("rules.new")}
            </Link>
          ) : null
        }
      />
      {rules.length === 0 ? (
        <EmptyState title={t("rules.emptyTitle")} body={t("rules.emptyBody")} />
      ) : (
        <RulesTable rules={rules} names={context.names} currency={program.currency} timeZone={program.timeZone} canManage={canManage} />
      )}
      <PreviewCard context={context} program={program} />
    </div>
  );
}
