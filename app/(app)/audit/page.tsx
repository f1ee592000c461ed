import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/members/empty-state";
import { AuditTable } from "@/components/privacy/audit-table";
import { Button, buttonClass } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { auditFilterOptions, searchAuditLog } from "@/db/queries/privacy-audit-log";
import { requirePagePermission } from "@/lib/auth/session";
import { auditHref, dayBound, parseAuditQuery } from "./search-params";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("audit");
  return { title: t("metaTitle") };
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  await requirePagePermission("audit:view");
  const query = parseAuditQuery(await searchParams);
  const db = await getDb();
  const [result, options, t, tc] = await Promise.all([
    searchAuditLog(db, {
      actorId: query.actor,
      action: query.action,
      entityType: query.entityType,
      entityId: query.entityId,
      from: dayBound(query.from),
      to: dayBound(query.to, 1),
      page: query.page,
      pageSize: 50,
    }),
    auditFilterOptions(db),
    getTranslations("audit"),
    getTranslations("common.pagination"),
  ]);
  const filtered = Boolean(query.actor || query.action || query.entityType || query.entityId || query.from || query.to);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <form method="get" action="/audit" className="mb-6 grid gap-3 rounded-xl border border-[var(--border)] bg-[var(--surface)] p-4 sm:grid-cols-3 lg:grid-cols-6" aria-label={t("filters")}>
        <Field id="actor" label={t("filter.actor")}>
          <Select id="actor" name="actor" defaultValue={query.actor ?? ""}>
            <option value="">{t("filter.any")}</option>
            {options.actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="action" label={t("filter.action")}>
          <Select id="action" name="action" defaultValue={query.action ?? ""}>
            <option value="">{t("filter.any")}</option>
            {options.actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="entityType" label={t("filter.entityType")}>
          <Select id="entityType" name="entityType" defaultValue={query.entityType ?? ""}>
            <option value="">{t("filter.any")}</option>
            {options.entityTypes.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="entityId" label={t("filter.entityId")}>
          <Input id="entityId" name="entityId" defaultValue={query.entityId ?? ""} dir="ltr" />
        </Field>
        <Field id="from" label={t("filter.from")}>
          <Input id="from" name="from" type="date" defaultValue={query.from ?? ""} />
        </Field>
        <Field id="to" label={t("filter.to")}>
          <Input id="to" name="to" type="date" defaultValue={query.to ?? ""} />
        </Field>
        <div className="flex gap-2 sm:col-span-3 lg:col-span-6">
          <Button type="submit">{t("filter.apply")}</Button>
          {filtered ? (
            <Link href="/audit" className={buttonClass("secondary")}>
              {t("filter.clear")}
            </Link>
          ) : null}
        </div>
      </form>
      {result.rows.length === 0 ? (
        <EmptyState title={t("empty.title")} body={t("empty.body")} />
      ) : (
        <div className="space-y-4">
          <AuditTable rows={result.rows} />
          {/* The log is not counted (it grows without bound), so the pages say where you are, not how many there are. */}
          <nav aria-label={tc("label")} className="flex items-center justify-between gap-3">
            {result.page > 1 ? (
              <Link href={auditHref(query, result.page - 1)} rel="prev" className={buttonClass("secondary")}>
                {tc("previous")}
              </Link>
            ) : (
              <span />
            )}
            <p className="tabular text-sm text-[var(--text-muted)]">{t("page", { page: result.page })}</p>
            {result.hasNext ? (
              <Link href={auditHref(query, result.page + 1)} rel="next" className={buttonClass("secondary")}>
                {tc("next")}
              </Link>
            ) : (
              <span />
            )}
          </nav>
        </div>
      )}
    </>
  );
}
