/** The closed choices of the program's policies (pg enums in db/schema/loyalty.ts), for forms and read-only views. */
export const POLICY_CHOICES = {
  tierBasis: ["points", "spend"],
  tierDowngradePolicy: ["one_step", "to_qualified", "never"],
  negativeBalancePolicy: ["allow_negative", "write_off"],
  expiryKind: ["rolling_months", "fixed_date", "never"],
} as const;
