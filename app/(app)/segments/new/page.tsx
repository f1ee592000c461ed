import type { Metadata } from "next";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { SegmentBuilder } from "@/components/segments/builder/segment-builder";
import { BackLink } from "@/components/segments/back-link";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getProgramInfo } from "@/db/queries/program";
import { requirePagePermission } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("segments.builder");
  return { title: t("newTitle") };
}

export default async function NewSegmentPage() {
  await connection();
  await requirePagePermission("segments:manage");
  const [program, t] = await Promise.all([getDb().then(getProgramInfo), getTranslations("segments.builder")]);
  return (
    <>
      <BackLink href="/segments" />
      <PageHeader title={t("newTitle")} description={t("newDescription")} />
      <SegmentBuilder segment={null} currency={program.currency} />
    </>
  );
}
