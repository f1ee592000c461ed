import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/members/empty-state";
import { ApiKeyForm } from "@/components/settings/api-key-form";
import { ApiKeysTable } from "@/components/settings/api-keys-table";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { listApiKeys } from "@/db/queries/api-keys";
import { listScopeStores } from "@/db/queries/members";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("api.keys");
  return { title: t("title") };
}

export default async function ApiKeysPage() {
  await connection();
  const viewer = await requirePagePermission("api_keys:manage");
  const db = await getDb();
  const [keys, stores, t] = await Promise.all([listApiKeys(db), listScopeStores(db, { scope: viewer.scope }), getTranslations("api.keys")]);
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          can(viewer.role, "api_docs:view") ? (
            <Link href="/developers/api" className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
              {t("docsLink")}
            </Link>
          ) : null
        }
      />
      <Card className="mb-6">
        <CardHeader title={t("form.title")} description={t("form.description")} />
        <ApiKeyForm stores={stores} />
      </Card>
      {keys.length === 0 ? <EmptyState title={t("list.emptyTitle")} body={t("list.emptyBody")} /> : <ApiKeysTable keys={keys} />}
    </>
  );
}
