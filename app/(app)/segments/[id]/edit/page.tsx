import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { BackLink } from "@/components/segments/back-link";
import { SegmentBuilder } from "@/components/segments/builder/segment-builder";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getProgramInfo } from "@/db/queries/program";
import { getSegment } from "@/db/queries/segments";
import { requirePagePermission } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("segments.builder");
  return { title: t("editTitle") };
}

export default async function EditSegmentPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  await requirePagePermission("segments:manage");
  const { id } = await params;
  const db = await getDb();
  const [segment, program, t] = await Promise.all([getSegment(db, { id }), getProgramInfo(db), getTranslations("segments.builder")]);
  if (!segment) notFound();
  // A list (clusters, hand-picked) has no rule to edit, and an archived segment is read-only.
  if (segment.rule === null || segment.status === "archived") redirect(`/segments/${segment.id}`);
  return (
    <>
      <BackLink href={`/segments/${segment.id}`} label={segment.name} />
      <PageHeader title={t("editTitle")} description={segment.name} />
      <SegmentBuilder
        segment={{ id: segment.id, version: segment.version, name: segment.name, description: segment.description, rule: segment.rule }}
        currency={program.currency}
      />
    </>
  );
}
