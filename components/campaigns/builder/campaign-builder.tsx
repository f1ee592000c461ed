"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { saveCampaignAction } from "@/app/(app)/campaigns/actions";
import { Button, buttonClass } from "@/components/ui/button";
import type { ActionResult } from "@/lib/errors";
import { AudienceFields, type SegmentOption } from "./audience-fields";
import { MeasurementFields, ReachFields, ScheduleFields } from "./delivery-fields";
import { formToInput, GOALS, variantKey, type CampaignFormValues } from "./form-values";
import { OfferFields, type RewardOption } from "./offer-fields";
import { BuilderSection, InputField, SelectField } from "./parts";
import { TemplateFields } from "./template-fields";

export type { RewardOption, SegmentOption };

/** The fields this form shows an error beside; any other the server names is listed with the general error. */
const PLACED =
  /^(name|goal|segmentId|modelScore|modelTopN|modelThreshold|excludeRecentDays|excludeOtherControls|controlPercent|maxRecipients|budget|capOffers|capDays|schedule|startsAt|recurDays|endsAt|sendTime|channels|attributionDays|marginPercent|allocation|minExplorationPercent|variants|variants\.\d+\.(name|rewardId|validDays)|templates\.(en|de|pl|sv|ar)(\.(subject|body))?)$/;

/**
 * Builds or edits a draft campaign: audience, offers, reach and budget, schedule and channels, messages per
 * language, measurement. Everything is checked by the server (saveCampaignAction); its field errors, keyed
 * "campaign.<field>", are shown beside the fields. Saved, it opens the campaign's page.
 */
export function CampaignBuilder({
  campaign,
  initial,
  segments,
  rewards,
  currency,
  timeZone,
}: {
  campaign: { id: string; version: number } | null;
  initial: CampaignFormValues;
  segments: readonly SegmentOption[];
  rewards: readonly RewardOption[];
  currency: string;
  timeZone: string;
}) {
  const t = useTranslations("campaigns.builder");
  const tc = useTranslations("campaigns");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  // Keys for the offers are made here, on the client, so offers added later never share one with the first.
  const [values, setValues] = useState<CampaignFormValues>(() => ({ ...initial, variants: initial.variants.map((v) => ({ ...v, key: variantKey() })) }));
  const [result, setResult] = useState<ActionResult<{ id: string; version: number }> | null>(null);

  const fieldErrors = result && !result.ok ? (result.fieldErrors ?? {}) : {};
  const byField = new Map(Object.entries(fieldErrors).map(([key, messages]) => [key.replace(/^campaign\./, ""), messages.join(" ")]));
  const error = (field: string) => byField.get(field);
  const unplaced = [...byField.entries()].filter(([key]) => !PLACED.test(key));
  const set = (patch: Partial<CampaignFormValues>) => setValues((v) => ({ ...v, ...patch }));
  const parts = { values, set, error };

  function submit() {
    startTransition(async () => {
      const input = formToInput(values, { timeZone, currency });
      const outcome = await saveCampaignAction(campaign ? { id: campaign.id, version: campaign.version, campaign: input } : { campaign: input });
      setResult(outcome);
      if (outcome.ok) router.push(`/campaigns/${outcome.data.id}`);
    });
  }

  const generalError = result && !result.ok ? (byField.size > 0 ? tc("errors.fields", { fields: byField.size }) : tc(`errors.${result.code}`)) : null;

  return (
    <form
      noValidate
      className="space-y-6"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <BuilderSection id="campaign-section-details" title={t("sections.details")}>
        <InputField id="campaign-name" label={t("name")} error={error("name")} maxLength={120} value={values.name} onChange={(e) => set({ name: e.target.value })} />
        <SelectField
          id="campaign-goal"
          label={t("goal")}
          error={error("goal")}
          value={values.goal}
          onChange={(e) => set({ goal: e.target.value })}
          options={GOALS.map((g) => ({ value: g, label: tc(`goals.${g}`) }))}
        />
      </BuilderSection>
      <BuilderSection id="campaign-section-audience" title={t("sections.audience")} description={t("sections.audienceDescription")}>
        <AudienceFields {...parts} segments={segments} currency={currency} />
      </BuilderSection>
      <BuilderSection id="campaign-section-offers" title={t("sections.offers")} description={t("sections.offersDescription")}>
        <OfferFields {...parts} rewards={rewards} />
      </BuilderSection>
      <BuilderSection id="campaign-section-reach" title={t("sections.reach")}>
        <ReachFields {...parts} currency={currency} />
      </BuilderSection>
      <BuilderSection id="campaign-section-schedule" title={t("sections.schedule")}>
        <ScheduleFields {...parts} timeZone={timeZone} />
      </BuilderSection>
      <BuilderSection id="campaign-section-message" title={t("sections.message")} description={t("sections.messageDescription")}>
        <TemplateFields {...parts} />
      </BuilderSection>
      <BuilderSection id="campaign-section-measurement" title={t("sections.measurement")} description={t("sections.measurementDescription")}>
        <MeasurementFields {...parts} />
      </BuilderSection>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? t("saving") : t("save")}
        </Button>
        <Link href={campaign ? `/campaigns/${campaign.id}` : "/campaigns"} className={buttonClass("ghost")}>
          {t("leave")}
        </Link>
      </div>
      {generalError ? (
        <div role="alert" className="text-sm text-red-700 dark:text-red-400">
          <p>{generalError}</p>
          {unplaced.length > 0 ? (
            <ul className="mt-1 list-disc ps-5">
              {unplaced.map(([key, message]) => (
                <li key={key}>{message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
