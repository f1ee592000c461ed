import type { Metadata } from "next";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { ImportHistory } from "@/components/import/import-history";
import { ImportWizard } from "@/components/import/import-wizard";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { listImports, listOnlineStores } from "@/db/queries/imports";
import { requirePagePermission } from "@/lib/auth/session";
import { maxImportBytes } from "@/lib/import/upload";
import { previewImportAction, startImportAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("import");
  return { title: t("metaTitle") };
}

export default async function ImportPage() {
  await connection();
  await requirePagePermission("imports:run");
  const db = await getDb();
  const [onlineStores, recent, t] = await Promise.all([listOnlineStores(db), listImports(db, { limit: 20 }), getTranslations("import")]);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="space-y-6">
        <Card>
          <CardHeader title={t("report.newImport")} />
          <ImportWizard
            onlineStores={onlineStores}
            maxMegabytes={Math.round(maxImportBytes() / 1024 / 1024)}
            preview={previewImportAction}
            start={startImportAction}
          />
        </Card>
        <section aria-labelledby="history-title" className="space-y-3">
          <h2 id="history-title" className="text-base font-semibold">
            {t("history.title")}
          </h2>
          <ImportHistory imports={recent} />
        </section>
      </div>
    </>
  );
}
