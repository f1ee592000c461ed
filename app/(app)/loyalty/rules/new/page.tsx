import type { Metadata } from "next";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { RuleEditor } from "@/components/loyalty/rule-editor";
import { loadRuleContext } from "@/components/loyalty/rule-names";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { defaultProgramConfig } from "@/db/queries/loyalty/admin-views";
import { requirePagePermission } from "@/lib/auth/session";
import { EMPTY_RULE_FORM } from "@/lib/loyalty/rule-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("loyalty.ruleForm");
  return { title: t("newTitle") };
}

export default async function NewRulePage() {
  await connection();
  const viewer = await requirePagePermission("rules:manage");
  const db = await getDb();
  const program = await defaultProgramConfig(db);
  const [context, t] = await Promise.all([loadRuleContext(db, { programId: program.id, scope: viewer.scope }), getTranslations("loyalty.ruleForm")]);
  return (
    <>
      <PageHeader title={t("newTitle")} description={t("newDescription")} />
      <RuleEditor initial={EMPTY_RULE_FORM} context={context} program={program} />
    </>
  );
}
