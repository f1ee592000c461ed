import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getFormatter, getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/members/empty-state";
import { MemberFilters } from "@/components/members/member-filters";
import { MembersTable } from "@/components/members/members-table";
import { Pagination } from "@/components/members/pagination";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { FIGURE_LIMIT, listMembers, listScopeStores } from "@/db/queries/members";
import { requirePagePermission } from "@/lib/auth/session";
import { dayStart, defaultDirection, memberListHref, parseMemberListQuery } from "./search-params";

const PAGE_SIZE = 25;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("members.list");
  return { title: t("metaTitle") };
}

export default async function MembersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const viewer = await requirePagePermission("members:view");
  const query = parseMemberListQuery(await searchParams);
  const db = await getDb();
  const [result, stores, t, format] = await Promise.all([
    listMembers(db, {
      scope: viewer.scope,
      search: query.q,
      storeId: query.store,
      status: query.status,
      channel: query.channel,
      joinedFrom: dayStart(query.from),
      joinedTo: dayStart(query.to, 1),
      sort: query.sort,
      direction: query.dir,
      page: query.page,
      pageSize: PAGE_SIZE,
    }),
    listScopeStores(db, { scope: viewer.scope }),
    getTranslations("members.list"),
    getFormatter(),
  ]);
  const filtered = Boolean(query.q || query.store || query.status || query.channel || query.from || query.to);
  // The query clamps an out-of-range page to the last one; links are built from the page actually shown.
  const shown = { ...query, page: result.page };
  const keep: Record<string, string> = {};
  if (query.sort !== "joined") keep.sort = query.sort;
  if (query.dir !== defaultDirection(query.sort)) keep.dir = query.dir;
  const from = (result.page - 1) * result.pageSize + 1;
  return (
    <>
      <PageHeader
        title={t("title")}
        description={
          result.total > 0
            ? t("showing", { from: format.number(from), to: format.number(from + result.rows.length - 1), total: format.number(result.total) })
            : t("count", { count: 0 })
        }
      />
      <MemberFilters query={query} stores={stores} keep={keep} />
      {result.figuresLimited ? (
        <p role="status" className="mb-4 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100">
          {t("figuresLimited", { limit: format.number(FIGURE_LIMIT), total: format.number(result.total) })}
        </p>
      ) : null}
      {result.rows.length === 0 ? (
        <EmptyState
          title={filtered ? t("empty.title") : t("empty.noneTitle")}
          body={filtered ? t("empty.body") : t("empty.noneBody")}
          action={
            filtered ? (
              <Link href="/members" className={buttonClass("secondary")}>
                {t("clear")}
              </Link>
            ) : undefined
          }
        />
      ) : (
        <div className="space-y-4">
          <MembersTable
            rows={result.rows}
            sort={result.sort}
            direction={result.direction}
            page={result.page}
            pageCount={result.pageCount}
            sortHref={(sort) =>
              memberListHref(shown, {
                sort,
                dir: sort === result.sort ? (result.direction === "asc" ? "desc" : "asc") : defaultDirection(sort),
                page: 1,
              })
            }
          />
          {result.pageCount > 1 ? (
            <Pagination
              page={result.page}
              pageCount={result.pageCount}
              previousHref={result.page > 1 ? memberListHref(shown, { page: result.page - 1 }) : null}
              nextHref={result.page < result.pageCount ? memberListHref(shown, { page: result.page + 1 }) : null}
            />
          ) : null}
        </div>
      )}
    </>
  );
}
