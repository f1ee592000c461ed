import { useFormatter, useLocale, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import type { CampaignDetail } from "@/db/queries/campaigns";
import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/config";
import { formatMoney } from "@/lib/i18n/format";

function Item({ label, children, wide }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? "sm:col-span-2" : undefined}>
      <dt className="text-xs font-medium uppercase tracking-wide text-[var(--text-muted)]">{label}</dt>
      <dd className="mt-0.5 text-sm">{children}</dd>
    </div>
  );
}

/** What the campaign is set to do, in words: audience, offers, limits, schedule, channels, measurement. */
export function CampaignSettings({ campaign, timeZone }: { campaign: CampaignDetail; timeZone: string }) {
  const t = useTranslations("campaigns.settings");
  const tc = useTranslations("campaigns");
  const tl = useTranslations("loyalty");
  const format = useFormatter();
  const locale = useLocale();
  const money = (minor: number) => formatMoney(locale, minor, campaign.currency);
  const percent = (share: number) => format.number(share, { style: "percent", maximumFractionDigits: 1 });
  const when = (at: Date) => format.dateTime(at, { dateStyle: "medium", timeStyle: "short", timeZone });

  const ranking = campaign.modelScore
    ? [
        campaign.modelTopN !== null ? t("rankTop", { count: campaign.modelTopN, score: tc(`modelScores.${campaign.modelScore}`) }) : null,
        campaign.modelThreshold !== null
          ? t("rankThreshold", { score: tc(`modelScores.${campaign.modelScore}`), threshold: campaign.modelScore === "clv" ? money(campaign.modelThreshold) : percent(campaign.modelThreshold) })
          : null,
      ].filter((x): x is string => x !== null)
    : [];
  const exclusions = [
    campaign.excludeRecentDays !== null ? t("excludeRecent", { days: campaign.excludeRecentDays }) : null,
    campaign.excludeOtherControls ? t("excludeControls") : null,
    t("excludeNoConsent"),
  ].filter((x): x is string => x !== null);
  const schedule =
    campaign.schedule === "now"
      ? t("scheduleNow")
      : campaign.schedule === "at"
        ? t("scheduleAt", { at: campaign.startsAt ? when(campaign.startsAt) : "–" })
        : t("scheduleRecurring", { days: campaign.recurDays ?? 0, from: campaign.startsAt ? when(campaign.startsAt) : "–" });
  const languages = LOCALES.filter((l) => {
    const template = campaign.templates[l];
    return template && (template.subject.trim() !== "" || template.body.trim() !== "");
  });

  return (
    <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2">
      <Item label={t("goal")}>{tc(`goals.${campaign.goal}`)}</Item>
      <Item label={t("audience")}>
        <span className="block">{campaign.segmentName ?? tc("allMembers")}</span>
        {ranking.map((r) => (
          <span key={r} className="block text-[var(--text-muted)]">
            {r}
          </span>
        ))}
      </Item>
      <Item label={t("exclusions")} wide>
        <ul className="list-disc ps-5">
          {exclusions.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      </Item>
      <Item label={t("offers")} wide>
        <ul className="space-y-1">
          {campaign.variants.map((v) => (
            <li key={v.id}>
              <span className="font-medium">{v.name}</span>
              {": "}
              {t("offer", { reward: v.rewardName, kind: tl(`rewardKinds.${v.rewardKind}` as never), cost: money(v.costMinor), days: v.validDays })}
            </li>
          ))}
        </ul>
      </Item>
      <Item label={t("control")}>{percent(campaign.controlPercent / 100)}</Item>
      <Item label={t("budget")}>
        {campaign.budgetMinor === null ? t("noBudget") : money(campaign.budgetMinor)}
        {campaign.launchedAt ? <span className="block text-[var(--text-muted)]">{t("spent", { amount: money(campaign.spentMinor) })}</span> : null}
      </Item>
      <Item label={t("maxRecipients")}>{campaign.maxRecipients === null ? t("noLimit") : format.number(campaign.maxRecipients)}</Item>
      <Item label={t("cap")}>{campaign.capOffers !== null && campaign.capDays !== null ? t("capValue", { offers: campaign.capOffers, days: campaign.capDays }) : t("noCap")}</Item>
      <Item label={t("schedule")}>
        <span className="block">{schedule}</span>
        {campaign.schedule === "recurring" && campaign.endsAt ? <span className="block">{t("until", { at: when(campaign.endsAt) })}</span> : null}
        {campaign.nextRunAt ? <span className="block text-[var(--text-muted)]">{t("nextRun", { at: when(campaign.nextRunAt) })}</span> : null}
      </Item>
      <Item label={t("sendTime")}>{t(`sendTimes.${campaign.sendTime}`)}</Item>
      <Item label={t("channels")}>{format.list(campaign.channels.map((c) => tc(`channels.${c}`)), { type: "conjunction" })}</Item>
      <Item label={t("languages")}>
        {languages.map((l) => (
          <span key={l} lang={l} className="me-2 inline-block">
            {LOCALE_NAMES[l]}
          </span>
        ))}
      </Item>
      <Item label={t("measurement")}>{t("measurementValue", { days: campaign.attributionDays, margin: percent(campaign.marginPercent / 100) })}</Item>
      <Item label={t("allocation")}>
        {campaign.allocation === "thompson"
          ? t("allocationThompson", { share: percent(campaign.minExplorationPercent / 100) })
          : campaign.allocation === "personalized"
            ? t("allocationPersonalized")
            : t("allocationEven")}
      </Item>
      <Item label={t("history")} wide>
        <span className="block">{t("created", { at: when(campaign.createdAt) })}</span>
        {campaign.approvedAt ? <span className="block">{t("approved", { at: when(campaign.approvedAt) })}</span> : null}
        {campaign.launchedAt ? <span className="block">{t("launched", { at: when(campaign.launchedAt) })}</span> : null}
        {campaign.completedAt ? <span className="block">{t("completed", { at: when(campaign.completedAt) })}</span> : null}
      </Item>
    </dl>
  );
}
