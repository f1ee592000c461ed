import { minorToDecimal } from "@/lib/loyalty/money";
import type { RewardValue } from "@/lib/loyalty/reward-types";
import type { LoyaltyT } from "./rule-summary";

/** What a reward's voucher is worth, in words: "5.00 EUR off", "×2 points for 7 days". */
export function rewardValueText(value: RewardValue, t: LoyaltyT): string {
  switch (value.kind) {
    case "amount_off":
      return t("rewards.value.amount_off", { amount: `${minorToDecimal(value.amountMinor, value.currency)} ${value.currency}` });
    case "percent_off":
      return t("rewards.value.percent_off", { percent: value.percent });
    case "free_product":
      return t("rewards.value.free_product", { sku: value.sku });
    case "bogo":
      return t("rewards.value.bogo", { what: [value.sku, value.category].filter(Boolean).join(", ") });
    case "points_multiplier":
      return t("rewards.value.points_multiplier", { factor: value.factor, days: value.days });
    case "event_invitation":
      return t("rewards.value.event_invitation", { event: [value.eventName, value.location].filter(Boolean).join(", ") });
  }
}
