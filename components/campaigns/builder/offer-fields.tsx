"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { FieldMessage, InputField, SelectField, type PartProps } from "./parts";
import { MAX_VARIANTS, newVariant, type VariantValues } from "./form-values";

export interface RewardOption {
  id: string;
  /** The reward's name, the option's label (so a test can pick it by name). */
  name: string;
  /** "Amount off · costs €2.50", shown under the select for the chosen reward. */
  detail: string;
}

/** The offers (1-5 variants), each a reward from the catalogue with its validity; the learning splits members among them. */
export function OfferFields({ values, set, error, rewards }: PartProps & { rewards: readonly RewardOption[] }) {
  const t = useTranslations("campaigns.builder");
  const variants = values.variants;
  const change = (index: number, patch: Partial<VariantValues>) => set({ variants: variants.map((v, i) => (i === index ? { ...v, ...patch } : v)) });
  return (
    <div className="space-y-4 md:col-span-2">
      {variants.map((variant, i) => {
        const n = i + 1;
        const id = `campaign-variant-${i}`;
        return (
          <fieldset key={variant.key} className="grid gap-4 rounded-lg border border-[var(--border)] p-4 md:grid-cols-[1fr_2fr_10rem_auto]">
            <legend className="px-1 text-sm font-semibold">{t("offerLegend", { number: n })}</legend>
            <InputField id={`${id}-name`} label={t("offerName", { number: n })} error={error(`variants.${i}.name`)} maxLength={60} value={variant.name} onChange={(e) => change(i, { name: e.target.value })} />
            <SelectField
              id={`${id}-rewardId`}
              label={t("offerReward", { number: n })}
              hint={rewards.find((r) => r.id === variant.rewardId)?.detail}
              error={error(`variants.${i}.rewardId`)}
              value={variant.rewardId}
              onChange={(e) => change(i, { rewardId: e.target.value })}
              options={[{ value: "", label: t("chooseReward") }, ...rewards.map((r) => ({ value: r.id, label: r.name }))]}
            />
            <InputField
              id={`${id}-validDays`}
              label={t("offerValidDays", { number: n })}
              error={error(`variants.${i}.validDays`)}
              type="number"
              inputMode="numeric"
              min={1}
              max={365}
              value={variant.validDays}
              onChange={(e) => change(i, { validDays: e.target.value })}
            />
            <div className="self-end pb-0.5">
              {variants.length > 1 ? (
                <Button type="button" variant="ghost" onClick={() => set({ variants: variants.filter((_, j) => j !== i) })}>
                  {t("removeOffer", { number: n })}
                </Button>
              ) : null}
            </div>
          </fieldset>
        );
      })}
      <FieldMessage message={error("variants")} />
      {rewards.length === 0 ? <p className="text-sm text-[var(--text-muted)]">{t("noRewards")}</p> : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="button" variant="secondary" disabled={variants.length >= MAX_VARIANTS} onClick={() => set({ variants: [...variants, newVariant(variants)] })}>
          {t("addOffer")}
        </Button>
        <span className="text-xs text-[var(--text-muted)]">{t("offersHint", { max: MAX_VARIANTS })}</span>
      </div>
    </div>
  );
}
