/** Risk bands by churn probability, from each band's floor: low [0, 0.25), medium [0.25, 0.5), high [0.5, 0.75), very high [0.75, 1]. */
export const RISK_BANDS = ["low", "medium", "high", "very_high"] as const;
export type RiskBand = (typeof RISK_BANDS)[number];
export const RISK_BAND_FLOORS: Record<RiskBand, number> = { low: 0, medium: 0.25, high: 0.5, very_high: 0.75 };

export function riskBand(probability: number): RiskBand {
  for (let b = RISK_BANDS.length - 1; b > 0; b--) {
    const band = RISK_BANDS[b] as RiskBand;
    if (probability >= RISK_BAND_FLOORS[band]) return band;
  }
  return "low";
}
