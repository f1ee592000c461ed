import type { z } from "zod";
import { AppError, zodFieldErrors, type ErrorCode, type FieldErrors } from "@/lib/errors";

/** Why the ledger refused an operation: stable codes for API responses and the UI's messages. */
export type LoyaltyReason =
  | "invalid_input"
  | "unknown_program"
  | "unknown_member"
  | "member_erased"
  | "unknown_store"
  | "store_channel_mismatch"
  | "store_currency_mismatch"
  | "ambiguous_online_store"
  | "external_id_reused"
  | "unknown_receipt"
  | "not_a_sale"
  | "return_exceeds_sale"
  | "nothing_to_return"
  | "unknown_reward"
  | "reward_inactive"
  | "outside_validity"
  | "not_eligible"
  | "out_of_stock"
  | "no_codes_left"
  | "insufficient_points"
  | "balance_negative"
  | "unknown_code"
  | "code_used"
  | "code_cancelled"
  | "code_expired"
  | "unknown_rule"
  | "unknown_tier"
  | "unknown_event";

const CODE_OF: Partial<Record<LoyaltyReason, ErrorCode>> = {
  invalid_input: "invalid_input",
  unknown_program: "not_found",
  unknown_member: "not_found",
  member_erased: "not_found",
  unknown_store: "invalid_input",
  store_channel_mismatch: "invalid_input",
  store_currency_mismatch: "invalid_input",
  ambiguous_online_store: "invalid_input",
  unknown_receipt: "not_found",
  unknown_reward: "not_found",
  unknown_code: "not_found",
  unknown_rule: "not_found",
  unknown_tier: "not_found",
  unknown_event: "not_found",
  return_exceeds_sale: "invalid_input",
  nothing_to_return: "invalid_input",
  not_a_sale: "invalid_input",
};

/** An AppError with the ledger's own reason; `code` (and the HTTP status) follows from the reason. */
export class LoyaltyError extends AppError {
  constructor(
    readonly reason: LoyaltyReason,
    message: string,
    fieldErrors?: FieldErrors,
  ) {
    super(CODE_OF[reason] ?? "conflict", message, fieldErrors);
    this.name = "LoyaltyError";
  }
}

/** `lines[0].amount` from zod's path. */
export function fieldPath(path: readonly PropertyKey[], prefix = ""): string {
  let text = prefix;
  for (const part of path) text += typeof part === "number" ? `[${part}]` : `${text ? "." : ""}${String(part)}`;
  return text || "(root)";
}

/** Field errors from a zod error, keyed by field path (prefix names the item of a batch: `[12]`). */
export function loyaltyFieldErrors(error: z.ZodError, prefix = ""): FieldErrors {
  return zodFieldErrors(error, (path) => fieldPath(path, prefix));
}

export function describeFieldErrors(fields: FieldErrors): string {
  return Object.entries(fields)
    .map(([field, messages]) => `${field}: ${messages.join("; ")}`)
    .join("; ");
}

/** Parses input or throws invalid_input naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, prefix = ""): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = loyaltyFieldErrors(result.error, prefix);
  throw new LoyaltyError("invalid_input", describeFieldErrors(fields), fields);
}
