import type { Metadata } from "next";
import { connection } from "next/server";
import { getFormatter, getTranslations } from "next-intl/server";
import { Suspense, type ReactNode } from "react";
import { CHANNEL_COLOR_VARS } from "@/components/overview/channel-colors";
import { formatDay } from "@/components/overview/format";
import { MemberSection } from "@/components/overview/member-section";
import { OverviewFilters } from "@/components/overview/overview-filters";
import { SalesSection } from "@/components/overview/sales-section";
import { SectionSkeleton } from "@/components/overview/section-skeleton";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { addDays, daysInclusive, listOverviewStores, todayIn, type OverviewParams } from "@/db/queries/overview";
import { getProgramInfo } from "@/db/queries/program";
import { requirePagePermission } from "@/lib/auth/session";
import { parseOverviewSearch, presetRange, PRESETS } from "./range";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("overview");
  return { title: t("title") };
}

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Dynamic on every request: the figures are read at request time, never frozen into the build.
  await connection();
  const viewer = await requirePagePermission("overview:view");
  const db = await getDb();
  const [program, stores, search, t, format] = await Promise.all([
    getProgramInfo(db),
    listOverviewStores(db, { scope: viewer.scope }),
    searchParams,
    getTranslations("overview"),
    getFormatter(),
  ]);
  // "Today" is the program's calendar day, the same days the figures are cut into.
  const today = todayIn(program.timezone);
  const selection = parseOverviewSearch(search, { today, allowedStoreIds: stores.map((s) => s.id) });
  const params: OverviewParams = { scope: viewer.scope, from: selection.from, to: selection.to, storeId: selection.storeId };
  const days = daysInclusive(selection.from, selection.to);
  const previous = { from: addDays(selection.from, -days), to: addDays(selection.from, -1) };
  const wholeScopeLabel = viewer.scope.kind === "all" ? t("filters.allStores") : stores.length > 1 ? t("filters.allMyStores") : null;
  // A new key per selection shows the skeletons again instead of stale figures while the next ones load.
  const key = `${selection.from}/${selection.to}/${selection.storeId ?? ""}`;

  return (
    <div className={CHANNEL_COLOR_VARS}>
      <PageHeader
        title={t("title")}
        description={
          <>
            <span data-testid="overview-period" data-from={selection.from} data-to={selection.to}>
              {t("period", { from: formatDay(format, selection.from), to: formatDay(format, selection.to) })}
            </span>
            <span className="mx-2" aria-hidden>
              ·
            </span>
            <span>{t("comparedWith", { from: formatDay(format, previous.from), to: formatDay(format, previous.to) })}</span>
          </>
        }
      />
      <OverviewFilters
        key={key}
        presets={PRESETS.map((p) => ({ key: p, ...presetRange(p, today) }))}
        selected={selection}
        stores={stores}
        wholeScopeLabel={wholeScopeLabel}
      />
      <OverviewSection id="overview-members" title={t("sections.members")} className="mb-8">
        <Suspense key={key} fallback={<SectionSkeleton cards={4} charts={1} />}>
          <MemberSection params={params} />
        </Suspense>
      </OverviewSection>
      <OverviewSection id="overview-sales" title={t("sections.sales")}>
        <Suspense key={key} fallback={<SectionSkeleton cards={3} charts={2} />}>
          <SalesSection params={params} />
        </Suspense>
      </OverviewSection>
    </div>
  );
}

function OverviewSection({ id, title, className, children }: { id: string; title: string; className?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className={className}>
      <h2 id={id} className="mb-3 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
