import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getFormatter, getTranslations } from "next-intl/server";
import { Pagination } from "@/components/members/pagination";
import { BackLink } from "@/components/segments/back-link";
import { serverDescribeTools } from "@/components/segments/describe-tools";
import { RuleWords } from "@/components/segments/rule-words";
import { SegmentMembersTable } from "@/components/segments/segment-members-table";
import { SegmentProfileView, SizeFigures } from "@/components/segments/segment-profile";
import { SegmentRowActions } from "@/components/segments/segment-row-actions";
import { SegmentTrend } from "@/components/segments/segment-trend";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getProgramInfo } from "@/db/queries/program";
import { getSegment, segmentOwnerName, segmentSnapshots } from "@/db/queries/segments";
import { countSegment, profileSegment } from "@/db/queries/segments-count";
import { listSegmentMembers } from "@/db/queries/segments-members";
import { conditionLabels } from "@/db/queries/segments-of-member";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { leavesOf } from "@/lib/segments/rule";

const PAGE_SIZE = 25;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("segments.page");
  return { title: t("metaTitle") };
}

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SegmentPage({ params, searchParams }: Props) {
  await connection();
  const viewer = await requirePagePermission("segments:view");
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const db = await getDb();
  const segment = await getSegment(db, { id });
  if (!segment) notFound();
  const page = Math.max(1, Math.min(1_000_000, Number.parseInt(String(query.page ?? "1"), 10) || 1));
  const now = new Date();
  // Counted live, within the viewer's scope: a store manager sees their stores' members only.
  const rule = { segment: segment.id };
  const [program, size, profile, snapshots, members, owner, labels, t, format] = await Promise.all([
    getProgramInfo(db),
    countSegment(db, { rule, scope: viewer.scope, now }),
    profileSegment(db, { rule, scope: viewer.scope, now }),
    segmentSnapshots(db, { segmentId: segment.id, scope: viewer.scope, days: 90 }),
    listSegmentMembers(db, { segmentId: segment.id, scope: viewer.scope, page, pageSize: PAGE_SIZE, now }),
    segmentOwnerName(db, segment),
    conditionLabels(db, segment.rule ? leavesOf(segment.rule).map((l) => l.condition) : []),
    getTranslations("segments"),
    getFormatter(),
  ]);
  const tools = await serverDescribeTools(labels, program.currency);
  const canManage = can(viewer.role, "segments:manage");
  const active = segment.status === "active";
  const latest = snapshots[snapshots.length - 1];
  const href = (n: number) => `/segments/${segment.id}${n > 1 ? `?page=${n}` : ""}`;
  return (
    <div className="space-y-6">
      <div>
        <BackLink href="/segments" />
        <PageHeader
          title={
            <span className="flex flex-wrap items-center gap-3">
              {segment.name}
              {segment.kind !== "rule" ? <Badge>{t(`card.kinds.${segment.kind}`)}</Badge> : null}
              {active ? null : <Badge tone="warn">{t("list.status.archived")}</Badge>}
            </span>
          }
          description={
            <>
              {segment.description ? <span className="block">{segment.description}</span> : null}
              <span className="block">
                {t("page.byline", { owner: owner ?? t("list.system"), updated: format.dateTime(segment.updatedAt, { dateStyle: "medium" }) })}
              </span>
            </>
          }
          actions={
            <>
              {can(viewer.role, "members:export") ? (
                <a href={`/api/segments/${segment.id}/export`} className={buttonClass("secondary")} download>
                  {t("page.export")}
                </a>
              ) : null}
              {canManage && active && segment.rule ? (
                <Link href={`/segments/${segment.id}/edit`} className={buttonClass("primary")}>
                  {t("page.edit")}
                </Link>
              ) : null}
              {canManage ? <SegmentRowActions id={segment.id} name={segment.name} archived={!active} /> : null}
            </>
          }
        />
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <Card aria-labelledby="size-title" className="lg:col-span-2">
          <CardHeader title={<span id="size-title">{t("page.sizeTitle")}</span>} description={t("page.sizeDescription")} />
          <SizeFigures size={size} currency={program.currency} />
          <div className="mt-6">
            <SegmentTrend points={snapshots} />
            <p className="mt-2 text-sm text-[var(--text-muted)]" data-testid="segment-moves">
              {latest && latest.entered !== null && latest.left !== null
                ? t("page.moves", { entered: latest.entered, left: latest.left, day: format.dateTime(new Date(`${latest.day}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" }) })
                : viewer.scope.kind === "stores"
                  ? t("page.movesAllStores")
                  : t("page.noMoves")}
            </p>
          </div>
        </Card>
        <Card aria-labelledby="rule-title">
          <CardHeader title={<span id="rule-title">{t("page.ruleTitle")}</span>} />
          {segment.rule ? <RuleWords rule={segment.rule} tools={tools} /> : <p className="text-sm text-[var(--text-muted)]">{t("card.list", { kind: t(`card.kinds.${segment.kind}`) })}</p>}
        </Card>
      </div>

      <Card aria-labelledby="profile-title">
        <CardHeader title={<span id="profile-title">{t("page.profileTitle")}</span>} description={t("page.profileDescription")} />
        <SegmentProfileView profile={profile} currency={program.currency} />
      </Card>

      <Card aria-labelledby="members-title">
        <CardHeader
          title={<span id="members-title">{t("page.members.title")}</span>}
          description={
            <span data-testid="segment-members-total" data-total={members.total}>
              {t("page.members.description", { total: format.number(members.total) })}
            </span>
          }
        />
        {members.rows.length === 0 ? (
          <p className="text-sm text-[var(--text-muted)]">{t("page.members.empty")}</p>
        ) : (
          <div className="space-y-4">
            <SegmentMembersTable rows={members.rows} currency={program.currency} />
            {members.pageCount > 1 ? (
              <Pagination
                page={members.page}
                pageCount={members.pageCount}
                previousHref={members.page > 1 ? href(members.page - 1) : null}
                nextHref={members.page < members.pageCount ? href(members.page + 1) : null}
              />
            ) : null}
          </div>
        )}
      </Card>
    </div>
  );
}
