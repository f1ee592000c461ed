"use client";

import { useTranslations } from "next-intl";
import { CHANNELS } from "./form-values";
import { FieldMessage, InputField, RadioGroup, type PartProps } from "./parts";

/** How many, at what cost: the control group, the budget, the most recipients per run and the frequency cap. */
export function ReachFields({ values, set, error, currency }: PartProps & { currency: string }) {
  const t = useTranslations("campaigns.builder");
  return (
    <>
      <InputField
        id="campaign-controlPercent"
        label={t("controlPercent")}
        hint={t("controlPercentHint")}
        error={error("controlPercent")}
        type="number"
        inputMode="numeric"
        min={0}
        max={50}
        value={values.controlPercent}
        onChange={(e) => set({ controlPercent: e.target.value })}
      />
      <InputField
        id="campaign-budget"
        label={t("budget", { currency })}
        hint={t("budgetHint")}
        error={error("budget")}
        inputMode="decimal"
        dir="ltr"
        placeholder="0.00"
        value={values.budget}
        onChange={(e) => set({ budget: e.target.value })}
      />
      <InputField
        id="campaign-maxRecipients"
        label={t("maxRecipients")}
        hint={t("maxRecipientsHint")}
        error={error("maxRecipients")}
        type="number"
        inputMode="numeric"
        min={1}
        value={values.maxRecipients}
        onChange={(e) => set({ maxRecipients: e.target.value })}
      />
      <div className="grid grid-cols-2 gap-3">
        <InputField
          id="campaign-capOffers"
          label={t("capOffers")}
          error={error("capOffers")}
          type="number"
          inputMode="numeric"
          min={1}
          value={values.capOffers}
          onChange={(e) => set({ capOffers: e.target.value })}
        />
        <InputField
          id="campaign-capDays"
          label={t("capDays")}
          error={error("capDays")}
          type="number"
          inputMode="numeric"
          min={1}
          value={values.capDays}
          onChange={(e) => set({ capDays: e.target.value })}
        />
        <p className="col-span-2 text-xs text-[var(--text-muted)]">{t("capHint")}</p>
      </div>
    </>
  );
}

/** When and how: now, once at a time, or every N days; at the run's time or each member's usual time; the channels. */
export function ScheduleFields({ values, set, error, timeZone }: PartProps & { timeZone: string }) {
  const t = useTranslations("campaigns.builder");
  const tc = useTranslations("campaigns");
  return (
    <>
      <RadioGroup
        className="md:col-span-2"
        name="schedule"
        legend={t("schedule")}
        value={values.schedule}
        onChange={(schedule) => set({ schedule })}
        error={error("schedule")}
        options={(["now", "at", "recurring"] as const).map((s) => ({ value: s, label: t(`schedules.${s}`) }))}
      />
      {values.schedule !== "now" ? (
        <InputField
          id="campaign-startsAt"
          label={t("startsAt")}
          hint={t("zoneHint", { zone: timeZone })}
          error={error("startsAt")}
          type="datetime-local"
          value={values.startsAt}
          onChange={(e) => set({ startsAt: e.target.value })}
        />
      ) : null}
      {values.schedule === "recurring" ? (
        <>
          <InputField
            id="campaign-recurDays"
            label={t("recurDays")}
            error={error("recurDays")}
            type="number"
            inputMode="numeric"
            min={1}
            max={365}
            value={values.recurDays}
            onChange={(e) => set({ recurDays: e.target.value })}
          />
          <InputField
            id="campaign-endsAt"
            label={t("endsAt")}
            hint={t("endsAtHint")}
            error={error("endsAt")}
            type="datetime-local"
            value={values.endsAt}
            onChange={(e) => set({ endsAt: e.target.value })}
          />
        </>
      ) : null}
      <RadioGroup
        className="md:col-span-2"
        name="sendTime"
        legend={t("sendTime")}
        value={values.sendTime}
        onChange={(sendTime) => set({ sendTime })}
        error={error("sendTime")}
        options={(["fixed", "usual"] as const).map((s) => ({ value: s, label: t(`sendTimes.${s}`) }))}
      />
      <fieldset className="md:col-span-2">
        <legend className="mb-1.5 text-sm font-medium">{t("channels")}</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-2">
          {CHANNELS.map((channel) => (
            <label key={channel} className="inline-flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="channels"
                value={channel}
                className="size-4"
                checked={values.channels.includes(channel)}
                onChange={(e) => set({ channels: e.target.checked ? [...values.channels, channel] : values.channels.filter((c) => c !== channel) })}
              />
              {tc(`channels.${channel}`)}
            </label>
          ))}
        </div>
        <p className="mt-1 text-xs text-[var(--text-muted)]">{t("channelsHint")}</p>
        <FieldMessage message={error("channels")} />
      </fieldset>
    </>
  );
}

/** How the results are measured and how the offers share the members. */
export function MeasurementFields({ values, set, error }: PartProps) {
  const t = useTranslations("campaigns.builder");
  const number = (field: "attributionDays" | "marginPercent" | "minExplorationPercent", min: number, max: number, hint?: string) => (
    <InputField
      id={`campaign-${field}`}
      label={t(field)}
      hint={hint}
      error={error(field)}
      type="number"
      inputMode="numeric"
      min={min}
      max={max}
      value={values[field]}
      onChange={(e) => set({ [field]: e.target.value })}
    />
  );
  return (
    <>
      {number("attributionDays", 1, 90, t("attributionDaysHint"))}
      {number("marginPercent", 0, 100, t("marginPercentHint"))}
      <RadioGroup
        name="allocation"
        legend={t("allocation")}
        value={values.allocation}
        onChange={(allocation) => set({ allocation })}
        error={error("allocation")}
        options={(["thompson", "even", "personalized"] as const).map((a) => ({ value: a, label: t(`allocations.${a}`) }))}
      />
      {values.allocation === "thompson" ? number("minExplorationPercent", 0, 50, t("minExplorationPercentHint")) : null}
    </>
  );
}
