"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useRef } from "react";
import { redeemRewardAction } from "@/app/(app)/members/[id]/loyalty-actions";
import { Button } from "@/components/ui/button";
import { Field, Select } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { StackForm } from "./stack-form";
import { useFormAction } from "./use-form-action";

/** Exchanges a member's points for a reward at the counter and shows the voucher code, or why not. */
export function RedeemRewardForm({ memberId, rewards, available }: { memberId: string; rewards: readonly { id: string; name: string; pointsPrice: number }[]; available: number }) {
  const t = useTranslations("loyalty.redeem");
  const format = useFormatter();
  const action = useFormAction(redeemRewardAction, "redeem");
  // One idempotency key per redemption attempt: a repeated submit of the same attempt redeems once.
  const key = useRef<string | null>(null);
  const outcome = action.result?.ok ? action.result.data : null;
  if (rewards.length === 0) return <p className="text-sm text-[var(--text-muted)]">{t("none")}</p>;
  return (
    <StackForm
      label={t("title")}
      onSubmit={(form) => {
        key.current ??= crypto.randomUUID();
        const rewardId = String(new FormData(form).get("rewardId") ?? "");
        action.run({ memberId, rewardId, externalId: key.current }, () => {
          key.current = null;
        });
      }}
    >
      <Field id="redeem-reward" label={t("reward")} error={action.fieldError("rewardId")}>
        <Select id="redeem-reward" name="rewardId" defaultValue="">
          <option value="" disabled>
            {t("choose")}
          </option>
          {rewards.map((r) => (
            <option key={r.id} value={r.id}>
              {t("option", { name: r.name, points: r.pointsPrice, affordable: r.pointsPrice <= available ? "yes" : "no" })}
            </option>
          ))}
        </Select>
      </Field>
      <FormStatus error={action.generalError ?? (outcome?.status === "refused" ? t(`refusals.${outcome.reason}`) : null)} />
      {outcome?.status === "issued" ? (
        <div role="status" className="rounded-md border border-emerald-600/40 bg-emerald-50 p-3 text-sm text-emerald-900 dark:bg-emerald-900/30 dark:text-emerald-100">
          <p>{t("issued", { points: outcome.points, available: outcome.available })}</p>
          <p className="mt-1 font-mono text-base font-semibold tracking-wider" dir="ltr" data-testid="voucher-code">
            {outcome.code}
          </p>
          {outcome.validUntil ? <p className="text-xs">{t("validUntil", { date: format.dateTime(new Date(outcome.validUntil), { dateStyle: "medium" }) })}</p> : null}
        </div>
      ) : null}
      <Button type="submit" variant="secondary" disabled={action.pending}>
        {action.pending ? t("redeeming") : t("submit")}
      </Button>
    </StackForm>
  );
}
