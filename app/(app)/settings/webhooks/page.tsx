import type { Metadata } from "next";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/members/empty-state";
import { WebhookForm } from "@/components/settings/webhook-form";
import { WebhookDeliveriesTable, WebhookEndpointsTable } from "@/components/settings/webhooks-tables";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { listRecentWebhookDeliveries, listWebhookEndpoints } from "@/db/queries/webhooks";
import { requirePagePermission } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("api.webhooks");
  return { title: t("title") };
}

export default async function WebhooksPage() {
  await connection();
  await requirePagePermission("api_keys:manage");
  const db = await getDb();
  const [endpoints, deliveries, t] = await Promise.all([listWebhookEndpoints(db), listRecentWebhookDeliveries(db, { limit: 20 }), getTranslations("api.webhooks")]);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Card className="mb-6">
        <CardHeader title={t("form.title")} description={t("form.help")} />
        <WebhookForm />
      </Card>
      <section className="mb-6 space-y-3">
        <h2 className="text-base font-semibold">{t("list.title")}</h2>
        {endpoints.length === 0 ? <EmptyState title={t("list.emptyTitle")} body={t("list.emptyBody")} /> : <WebhookEndpointsTable endpoints={endpoints} />}
      </section>
      {deliveries.length > 0 ? (
        <section className="space-y-3">
          <h2 className="text-base font-semibold">{t("deliveries.title")}</h2>
          <WebhookDeliveriesTable deliveries={deliveries} />
        </section>
      ) : null}
    </>
  );
}
