import type { Metadata } from "next";
import { headers } from "next/headers";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { openApiDocument } from "@/app/api/v1/routes";
import { OperationCard } from "@/components/developers/operation-card";
import { SchemaView } from "@/components/developers/schema-view";
import { Card } from "@/components/ui/card";
import type { OpenApiOperation } from "@/lib/api/openapi";
import { PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("api.docs");
  return { title: t("title") };
}

/** Renders the OpenAPI document the API serves, so the page cannot drift from the routes. */
export default async function ApiDocsPage() {
  await connection();
  await requirePagePermission("api_docs:view");
  const [t, tw, requestHeaders] = await Promise.all([getTranslations("api.docs"), getTranslations("api.webhooks"), headers()]);
  const document = openApiDocument();
  const host = requestHeaders.get("host") ?? "localhost:3000";
  const origin = `${requestHeaders.get("x-forwarded-proto") ?? "http"}://${host}`;
  const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));
  const tags = [...new Set(operations.map((o) => o.operation.tags[0] ?? ""))];
  const webhooks = Object.entries((document.webhooks ?? {}) as Record<string, { post: OpenApiOperation }>);
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <a href="/api/v1/openapi.json" className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
            {t("download")}
          </a>
        }
      />
      <Card className="mb-6 space-y-2 text-sm">
        <h2 className="text-base font-semibold">{t("basics.title")}</h2>
        <p>{t("basics.auth")}</p>
        <p>{t("basics.errors")}</p>
        <p>{t("basics.idempotency")}</p>
        <p>{t("basics.rateLimit")}</p>
        <p>{t("basics.webhooks")}</p>
      </Card>
      <nav aria-label={t("contents")} className="mb-6">
        <ul className="flex flex-wrap gap-2 text-sm" dir="ltr">
          {operations.map(({ method, path, operation }) => (
            <li key={operation.operationId}>
              <a href={`#${operation.operationId}`} className="rounded-md border border-[var(--border)] px-2 py-1 hover:bg-[var(--surface-muted)]">
                <span className="font-semibold">{method.toUpperCase()}</span> {path}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {tags.map((tag) => (
        <section key={tag} className="mb-8 space-y-4">
          <h2 className="text-lg font-semibold">{tag}</h2>
          {operations
            .filter((o) => (o.operation.tags[0] ?? "") === tag)
            .map(({ path, method, operation }) => (
              <OperationCard key={operation.operationId} path={path} method={method} operation={operation} origin={origin} />
            ))}
        </section>
      ))}
      <section className="mb-8 space-y-4">
        <h2 className="text-lg font-semibold">{tw("title")}</h2>
        {webhooks.map(([event, { post }]) => (
          <Card key={event} data-testid="api-webhook" className="space-y-3">
            <h3 className="text-base font-semibold" dir="ltr">
              <code>{event}</code>
            </h3>
            <p className="text-sm">{post.summary}</p>
            {post.requestBody ? <SchemaView schema={post.requestBody.content["application/json"].schema} /> : null}
          </Card>
        ))}
      </section>
    </>
  );
}
