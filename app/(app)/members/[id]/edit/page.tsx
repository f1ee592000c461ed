import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { RectifyForm } from "@/components/privacy/rectify-form";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getMember360 } from "@/db/queries/members";
import { recordMemberView } from "@/db/queries/privacy";
import { requirePagePermission } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("privacy.rectify");
  return { title: t("metaTitle") };
}

export default async function RectifyMemberPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const viewer = await requirePagePermission("members:rectify");
  const { id } = await params;
  const db = await getDb();
  const member = await getMember360(db, { scope: viewer.scope, memberId: id, receiptLimit: 1 });
  if (!member || member.profile.status === "erased") notFound();
  await recordMemberView(db, { staffId: viewer.id, memberId: member.profile.id });
  const t = await getTranslations("privacy.rectify");
  const { profile } = member;
  return (
    <>
      <PageHeader title={`${t("title")}: ${profile.displayName}`} description={t("description")} />
      <RectifyForm
        memberId={profile.id}
        values={{
          firstName: profile.firstName,
          lastName: profile.lastName,
          email: profile.email,
          phone: profile.phone,
          birthDate: profile.birthDate,
          postcode: profile.postcode,
          city: profile.city,
          countryCode: profile.countryCode,
          locale: profile.locale,
        }}
      />
    </>
  );
}
