"use client";

import { useTranslations } from "next-intl";
import { FieldMessage, InputField, SelectField, type PartProps } from "./parts";
import { MODEL_SCORES } from "./form-values";

export interface SegmentOption {
  id: string;
  name: string;
}

/** Who the campaign may reach: a segment (or every member), optionally ranked by a prediction, and who is left out. */
export function AudienceFields({ values, set, error, segments, currency }: PartProps & { segments: readonly SegmentOption[]; currency: string }) {
  const t = useTranslations("campaigns.builder");
  const tc = useTranslations("campaigns");
  const ranked = values.modelScore !== "";
  return (
    <>
      <SelectField
        id="campaign-segmentId"
        label={t("segment")}
        hint={t("segmentHint")}
        error={error("segmentId")}
        value={values.segmentId}
        onChange={(e) => set({ segmentId: e.target.value })}
        options={[{ value: "", label: t("allMembers") }, ...segments.map((s) => ({ value: s.id, label: s.name }))]}
      />
      <SelectField
        id="campaign-modelScore"
        label={t("modelScore")}
        hint={t("modelScoreHint")}
        error={error("modelScore")}
        value={values.modelScore}
        // Leaving the ranking clears its figures: a threshold in percent means nothing for CLV and back.
        onChange={(e) => set({ modelScore: e.target.value, modelTopN: e.target.value ? values.modelTopN : "", modelThreshold: e.target.value === values.modelScore ? values.modelThreshold : "" })}
        options={[{ value: "", label: t("noRanking") }, ...MODEL_SCORES.map((s) => ({ value: s, label: tc(`modelScores.${s}`) }))]}
      />
      {ranked ? (
        <>
          <InputField
            id="campaign-modelTopN"
            label={t("modelTopN")}
            hint={t("modelTopNHint")}
            error={error("modelTopN")}
            type="number"
            inputMode="numeric"
            min={1}
            value={values.modelTopN}
            onChange={(e) => set({ modelTopN: e.target.value })}
          />
          <InputField
            id="campaign-modelThreshold"
            label={t("modelThreshold")}
            hint={values.modelScore === "clv" ? t("modelThresholdMoney", { currency }) : t("modelThresholdPercent")}
            error={error("modelThreshold")}
            inputMode="decimal"
            dir="ltr"
            value={values.modelThreshold}
            onChange={(e) => set({ modelThreshold: e.target.value })}
          />
        </>
      ) : null}
      <div className="border-t border-[var(--border)] pt-4 md:col-span-2">
        <h3 className="text-sm font-semibold">{t("exclusions")}</h3>
        <p className="mt-0.5 text-xs text-[var(--text-muted)]">{t("consentNote")}</p>
      </div>
      <InputField
        id="campaign-excludeRecentDays"
        label={t("excludeRecentDays")}
        hint={t("excludeRecentDaysHint")}
        error={error("excludeRecentDays")}
        type="number"
        inputMode="numeric"
        min={1}
        max={365}
        value={values.excludeRecentDays}
        onChange={(e) => set({ excludeRecentDays: e.target.value })}
      />
      <div className="self-end pb-2">
        <label htmlFor="campaign-excludeOtherControls" className="inline-flex items-center gap-2 text-sm">
          <input
            id="campaign-excludeOtherControls"
            type="checkbox"
            className="size-4"
            checked={values.excludeOtherControls}
            onChange={(e) => set({ excludeOtherControls: e.target.checked })}
          />
          {t("excludeOtherControls")}
        </label>
        <FieldMessage message={error("excludeOtherControls")} />
      </div>
    </>
  );
}
