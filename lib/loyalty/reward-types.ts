import type { Currency } from "@/db/schema/enums";

export type RewardKind = "amount_off" | "percent_off" | "free_product" | "bogo" | "points_multiplier" | "event_invitation";

/** What a reward's voucher is worth, by kind (kept in rewards.value). */
export type RewardValue =
  | { kind: "amount_off"; amountMinor: number; currency: Currency }
  | { kind: "percent_off"; percent: number }
  | { kind: "free_product"; sku: string }
  | { kind: "bogo"; sku?: string; category?: string }
  | { kind: "points_multiplier"; factor: string; days: number }
  | { kind: "event_invitation"; eventName: string; eventAt?: string; location?: string };
