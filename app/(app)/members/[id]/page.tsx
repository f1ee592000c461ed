import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { MemberOffersCard } from "@/components/campaigns/member-offers-card";
import { MemberChurnCard } from "@/components/churn/member-churn-card";
import { MemberPointsCard } from "@/components/loyalty/member-points-card";
import { CategoryMixChart, type CategorySlice } from "@/components/members/category-mix-chart";
import { ChannelMix } from "@/components/members/channel-mix";
import { EngagementPanel } from "@/components/members/engagement-panel";
import { FigureTable } from "@/components/members/figure-table";
import { IdentityList } from "@/components/members/identity-list";
import { KpiCards } from "@/components/members/kpi-cards";
import { MemberStatusBadge } from "@/components/members/member-status-badge";
import { MonthlySpendChart } from "@/components/members/monthly-spend-chart";
import { ProfileDetails } from "@/components/members/profile-details";
import { PurchaseTimeline } from "@/components/members/purchase-timeline";
import { NextBestOffersCard } from "@/components/personalization/next-best-offers-card";
import { RecommendedProductsCard } from "@/components/personalization/recommended-products-card";
import { MemberPrivacyCard } from "@/components/privacy/member-privacy-card";
import { MemberSegments } from "@/components/segments/member-segments";
import { Card, CardHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { memberCampaignOffers } from "@/db/queries/campaign-member";
import { getMemberOffers, OFFER_FREQUENCY_CAP } from "@/db/queries/member-offers";
import { latestChurnScoreForMember } from "@/db/queries/churn-at-risk";
import { getMember360, type Member360 } from "@/db/queries/members";
import { recordMemberView } from "@/db/queries/privacy";
import { getProgramInfo } from "@/db/queries/program";
import { conditionLabels, segmentsForMember } from "@/db/queries/segments-of-member";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { formatMoney } from "@/lib/i18n/format";
import { parseReceiptLimit } from "../search-params";

const RECEIPT_STEP = 20;
// More slices than this make a donut unreadable; the rest are summed as "other".
const MAX_SLICES = 7;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("members.detail");
  return { title: t("metaTitle") };
}

type Params = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MemberPage({ params, searchParams }: Params) {
  await connection();
  const viewer = await requirePagePermission("members:view");
  const [{ id }, raw] = await Promise.all([params, searchParams]);
  const receiptLimit = parseReceiptLimit(raw);
  const db = await getDb();
  const program = await getProgramInfo(db);
  const now = new Date();
  // Malformed, unknown and out-of-scope ids all come back null, so another store's member looks missing.
  const member = await getMember360(db, { scope: viewer.scope, memberId: id, receiptLimit, timeZone: program.timezone, now });
  if (!member) notFound();
  // Staff looking at a member's personal data is audited (one entry per staff member, member and hour).
  await recordMemberView(db, { staffId: viewer.id, memberId: member.profile.id });
  const memberSegments = (await segmentsForMember(db, { memberId: member.profile.id, scope: viewer.scope, now })) ?? [];
  const churn = can(viewer.role, "churn:view") ? await latestChurnScoreForMember(db, { memberId: member.profile.id, scope: viewer.scope }) : null;
  const offers = can(viewer.role, "campaigns:view") ? await memberCampaignOffers(db, { memberId: member.profile.id }) : null;
  // Scoped as the page: another store's member is null here too (and the page is already not found).
  const personalization = await getMemberOffers(db, { memberId: member.profile.id, scope: viewer.scope, now });
  const labels = await conditionLabels(db, memberSegments.flatMap((s) => s.conditions.map((c) => c.condition)));

  const [t, tSegments, format, locale] = await Promise.all([getTranslations("members.detail"), getTranslations("segments"), getFormatter(), getLocale()]);
  const { profile, kpis } = member;
  const money = (minor: number) => formatMoney(locale, minor, kpis.currency);
  const percent = (share: number) => format.number(share, { style: "percent", maximumFractionDigits: 0 });

  const monthLabel = (month: string, style: "short" | "long") =>
    format.dateTime(new Date(`${month}-01T00:00:00Z`), { month: style, ...(style === "long" ? { year: "numeric" } : {}), timeZone: "UTC" });
  const points = member.monthlySpend.map((m) => ({ label: monthLabel(m.month, "short"), fullLabel: monthLabel(m.month, "long"), minor: m.amountMinor }));
  const peak = member.monthlySpend.reduce<Member360["monthlySpend"][number] | null>((best, m) => (m.amountMinor > (best?.amountMinor ?? 0) ? m : best), null);
  const yearTotal = member.monthlySpend.reduce((n, m) => n + m.amountMinor, 0);
  const monthlySummary = peak
    ? t("monthly.summary", { total: money(yearTotal), month: monthLabel(peak.month, "long"), amount: money(peak.amountMinor) })
    : t("monthly.summaryEmpty");

  const slices = categorySlices(member.categoryMix, t("categories.uncategorised"), t("categories.other"), money, percent);
  const categorySummary = t("categories.summary", { list: slices.map((s) => `${s.name} ${s.shareLabel}`).join(", ") });

  const moreHref = member.receipts.items.length < member.receipts.total && receiptLimit < 200 ? `/members/${profile.id}?receipts=${Math.min(200, receiptLimit + RECEIPT_STEP)}` : null;

  return (
    <div className="space-y-6">
      <div>
        <Link href="/members" className="inline-flex items-center gap-1 text-sm text-[var(--text-muted)] hover:text-[var(--text)]">
          <span aria-hidden="true" className="rtl:rotate-180">
            ←
          </span>
          {t("back")}
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">{profile.displayName}</h1>
          <MemberStatusBadge status={profile.status} />
        </div>
        <p className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm text-[var(--text-muted)]">
          <span>{t("memberSince", { date: format.dateTime(profile.joinedAt, { dateStyle: "long" }) })}</span>
          {profile.homeStore ? <span>{t("homeStore", { store: profile.homeStore.name })}</span> : null}
          {profile.externalId ? (
            <span>
              {t.rich("memberNumber", {
                number: profile.externalId,
                num: (chunks) => (
                  <span dir="ltr" className="tabular">
                    {chunks}
                  </span>
                ),
              })}
            </span>
          ) : null}
        </p>
      </div>

      <KpiCards kpis={kpis} />

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card aria-labelledby="monthly-title">
            <CardHeader title={<span id="monthly-title">{t("monthly.title")}</span>} description={t("monthly.description")} />
            {peak ? (
              <MonthlySpendChart points={points} currency={kpis.currency} locale={locale} summary={monthlySummary} />
            ) : (
              <p className="text-sm text-[var(--text-muted)]">{monthlySummary}</p>
            )}
            <details className="mt-3 text-sm">
              <summary className="cursor-pointer text-[var(--text-muted)]">{t("monthly.table")}</summary>
              <div className="mt-2">
                <FigureTable
                  caption={t("monthly.title")}
                  captionHidden
                  columns={[t("monthly.month"), t("monthly.amount")]}
                  rows={points.map((p) => ({ key: p.fullLabel, label: p.fullLabel, values: [money(p.minor)] }))}
                />
              </div>
            </details>
          </Card>
          <Card aria-labelledby="timeline-title">
            <CardHeader title={<span id="timeline-title">{t("timeline.title")}</span>} description={t("timeline.description")} />
            <PurchaseTimeline receipts={member.receipts.items} total={member.receipts.total} moreHref={moreHref} />
          </Card>
        </div>
        <div className="min-w-0 space-y-6">
          <Card aria-labelledby="profile-title">
            <CardHeader title={<span id="profile-title">{t("profile.title")}</span>} />
            <ProfileDetails profile={profile} />
          </Card>
          {churn ? <MemberChurnCard churn={churn} currency={program.currency} /> : null}
          {personalization ? <NextBestOffersCard view={personalization} capOffers={OFFER_FREQUENCY_CAP.offers} capDays={OFFER_FREQUENCY_CAP.days} /> : null}
          {offers ? <MemberOffersCard offers={offers} now={now} /> : null}
          <MemberPointsCard memberId={profile.id} erased={profile.status === "erased"} viewer={viewer} />
          <MemberPrivacyCard memberId={profile.id} erased={profile.status === "erased"} viewer={viewer} />
          <Card aria-labelledby="segments-title">
            <CardHeader title={<span id="segments-title">{tSegments("card.title")}</span>} description={tSegments("card.description")} />
            <MemberSegments segments={memberSegments} labels={labels} currency={program.currency} />
          </Card>
          {personalization ? <RecommendedProductsCard recommendations={personalization.recommendations} personalized={personalization.personalized} /> : null}
          <Card aria-labelledby="categories-title">
            <CardHeader title={<span id="categories-title">{t("categories.title")}</span>} description={t("categories.description")} />
            {slices.length === 0 ? <p className="text-sm text-[var(--text-muted)]">{t("categories.empty")}</p> : <CategoryMixChart slices={slices} summary={categorySummary} />}
          </Card>
          <Card aria-labelledby="channels-title">
            <CardHeader title={<span id="channels-title">{t("channels.title")}</span>} description={t("channels.description")} />
            <ChannelMix mix={member.channelMix} />
          </Card>
          <Card aria-labelledby="engagement-title">
            <CardHeader title={<span id="engagement-title">{t("engagement.title")}</span>} description={t("engagement.description")} />
            <EngagementPanel engagement={member.engagement} now={now} />
          </Card>
          <Card aria-labelledby="identities-title">
            <CardHeader title={<span id="identities-title">{t("identities.title")}</span>} description={t("identities.description")} />
            <IdentityList identities={member.identities} />
          </Card>
        </div>
      </div>
    </div>
  );
}

function categorySlices(
  mix: Member360["categoryMix"],
  uncategorised: string,
  other: string,
  money: (minor: number) => string,
  percent: (share: number) => string,
): CategorySlice[] {
  const head = mix.length > MAX_SLICES ? mix.slice(0, MAX_SLICES - 1) : mix;
  const tail = mix.length > MAX_SLICES ? mix.slice(MAX_SLICES - 1) : [];
  const slices = head.map((c) => ({ name: c.name ?? uncategorised, share: c.share, amountMinor: c.amountMinor }));
  if (tail.length > 0) {
    slices.push({ name: other, share: tail.reduce((n, c) => n + c.share, 0), amountMinor: tail.reduce((n, c) => n + c.amountMinor, 0) });
  }
  return slices.map((s) => ({ name: s.name, share: s.share, amountLabel: money(s.amountMinor), shareLabel: percent(s.share) }));
}
