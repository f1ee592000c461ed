import type { Metadata } from "next";
import { connection } from "next/server";
import { getFormatter, getTranslations } from "next-intl/server";
import { InviteForm } from "@/components/staff/invite-form";
import { StaffRowActions } from "@/components/staff/staff-row-actions";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { listScopeStores } from "@/db/queries/members";
import { listStaff } from "@/db/queries/staff-admin";
import { requirePagePermission } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("staff");
  return { title: t("metaTitle") };
}

export default async function StaffPage() {
  await connection();
  const viewer = await requirePagePermission("staff:manage");
  const db = await getDb();
  const [staff, stores, t, tc, format] = await Promise.all([
    listStaff(db),
    listScopeStores(db, { scope: viewer.scope }),
    getTranslations("staff"),
    getTranslations("common.roles"),
    getFormatter(),
  ]);
  const storeOptions = stores.map((s) => ({ id: s.id, name: s.name }));
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Card aria-labelledby="invite-title" className="mb-6">
        <CardHeader title={<span id="invite-title">{t("invite.title")}</span>} description={t("invite.description")} />
        <InviteForm stores={storeOptions} />
      </Card>
      <ul className="space-y-3">
        {staff.map((s) => (
          <li key={s.id} data-testid="staff-row" data-email={s.email}>
            <Card className="p-4">
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div>
                  <p className="font-medium">
                    {s.name} {s.id === viewer.id ? <span className="text-xs text-[var(--text-muted)]">({t("you")})</span> : null}
                  </p>
                  <p className="text-sm text-[var(--text-muted)]" dir="ltr">
                    {s.email}
                  </p>
                  <p className="mt-1 text-xs text-[var(--text-muted)]">
                    {s.stores.length > 0 ? s.stores.map((x) => x.name).join(", ") : null}
                    {s.lastLoginAt ? ` · ${t("lastLogin", { date: format.dateTime(s.lastLoginAt, { dateStyle: "medium", timeStyle: "short" }) })}` : null}
                  </p>
                </div>
                <div className="flex flex-wrap gap-1.5">
                  <Badge tone="brand">{tc(s.role)}</Badge>
                  {s.active ? <Badge tone="good">{t("status.active")}</Badge> : <Badge tone="neutral">{t("status.inactive")}</Badge>}
                  {s.invitePending ? <Badge tone="warn">{t("status.invited")}</Badge> : null}
                  {s.lockedOut ? <Badge tone="bad">{t("status.locked")}</Badge> : null}
                </div>
              </div>
              <details className="mt-3">
                <summary className="cursor-pointer text-sm text-brand-600 dark:text-brand-100">{t("manage")}</summary>
                <div className="mt-3">
                  <StaffRowActions staff={s} stores={storeOptions} />
                </div>
              </details>
            </Card>
          </li>
        ))}
      </ul>
    </>
  );
}
