import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { RuleEditor } from "@/components/loyalty/rule-editor";
import { loadRuleContext } from "@/components/loyalty/rule-names";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { defaultProgramConfig } from "@/db/queries/loyalty/admin-views";
import { listEarningRuleVersions } from "@/db/queries/loyalty/rules";
import { isUuid } from "@/db/queries/scope";
import { requirePagePermission } from "@/lib/auth/session";
import { ruleToForm } from "@/lib/loyalty/rule-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("loyalty.ruleForm");
  return { title: t("editTitle") };
}

export default async function EditRulePage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const viewer = await requirePagePermission("rules:manage");
  const { id } = await params;
  const db = await getDb();
  const program = await defaultProgramConfig(db);
  const [current] = isUuid(id) ? await listEarningRuleVersions(db, { ruleId: id }) : [];
  if (!current || current.programId !== program.id) notFound();
  const [context, t] = await Promise.all([loadRuleContext(db, { programId: program.id, scope: viewer.scope }), getTranslations("loyalty.ruleForm")]);
  return (
    <>
      <PageHeader title={t("editTitle")} description={t("editDescription", { name: current.name, version: current.version + 1 })} />
      <RuleEditor ruleId={current.ruleId} initial={ruleToForm(current, { currency: program.currency, timeZone: program.timeZone })} context={context} program={program} />
    </>
  );
}
