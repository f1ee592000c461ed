import "server-only";
import { getLocale, getTranslations } from "next-intl/server";
import type { RewardOption, SegmentOption } from "@/components/campaigns/builder/campaign-builder";
import type { Db } from "@/db/client";
import type { CampaignDetail } from "@/db/queries/campaigns";
import { campaignProgram } from "@/db/queries/campaigns";
import { defaultProgramConfig } from "@/db/queries/loyalty/admin-views";
import { listRewards } from "@/db/queries/loyalty/rewards";
import { listSegments } from "@/db/queries/segments";
import { programTimeZone } from "@/db/queries/segments-rule";
import type { Scope } from "@/lib/auth/permissions";
import { formatMoney } from "@/lib/i18n/format";

export interface BuilderOptions {
  segments: SegmentOption[];
  rewards: RewardOption[];
  currency: string;
  timeZone: string;
}

/**
 * What the campaign builder offers to choose from: active segments, and active rewards whose cost is in the
 * campaign currency (the server refuses others). A draft's own segment or reward that has since been
 * archived stays listed, marked, so the form shows what is saved and the save names the problem.
 */
export async function campaignBuilderOptions(db: Db, params: { scope: Scope; draft?: CampaignDetail }): Promise<BuilderOptions> {
  const program = await defaultProgramConfig(db);
  const [{ currency }, segments, rewards, timeZone, locale, t, tl] = await Promise.all([
    campaignProgram(db),
    listSegments(db, { scope: params.scope, status: "active" }),
    listRewards(db, { programId: program.id, activeOnly: true }),
    programTimeZone(db),
    getLocale(),
    getTranslations("campaigns.builder"),
    getTranslations("loyalty"),
  ]);
  const detail = (kind: string, costMinor: number, costCurrency: string) => t("rewardDetail", { kind: tl(`rewardKinds.${kind}` as never), cost: formatMoney(locale, costMinor, costCurrency) });
  const rewardOptions: RewardOption[] = rewards.filter((r) => r.costCurrency === currency).map((r) => ({ id: r.id, name: r.name, detail: detail(r.kind, r.costMinor, r.costCurrency) }));
  const segmentOptions: SegmentOption[] = segments.map((s) => ({ id: s.id, name: s.name }));
  const draft = params.draft;
  if (draft) {
    for (const v of draft.variants) {
      if (!rewardOptions.some((r) => r.id === v.rewardId)) rewardOptions.push({ id: v.rewardId, name: t("unavailable", { name: v.rewardName }), detail: detail(v.rewardKind, v.costMinor, draft.currency) });
    }
    if (draft.segmentId && !segmentOptions.some((s) => s.id === draft.segmentId)) {
      segmentOptions.push({ id: draft.segmentId, name: t("unavailable", { name: draft.segmentName ?? draft.segmentId }) });
    }
  }
  return { segments: segmentOptions, rewards: rewardOptions, currency, timeZone };
}
