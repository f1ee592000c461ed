import type { Explanation } from "@/lib/loyalty/earning-types";
import type { LoyaltyT } from "./rule-summary";

/** One explanation of the dry run in the reader's language (the engine's `text` is English, for the API). */
export function explanationText(e: Explanation, t: LoyaltyT, currency: string): string {
  const name = e.name ? (e.version !== undefined ? t("preview.ruleVersion", { name: e.name, version: e.version }) : e.name) : t(`kinds.${e.kind}`);
  const reason = e.reason ? t(`reasons.${e.reason}`) : "";
  if (!e.applied && e.points === 0 && e.uncappedPoints === undefined) {
    if (e.kind === "base_rate" && e.ruleId === undefined) return t("preview.explain.noBaseRate");
    return t("preview.explain.notApplied", { name, reason });
  }
  const capped = e.uncappedPoints !== undefined ? t("preview.explain.capped", { points: e.uncappedPoints, reason }) : "";
  const points = e.points;
  switch (e.kind) {
    case "base_rate":
      return t("preview.explain.baseRate", { name, rate: e.rate ?? "?", count: Number(e.rate ?? 0), currency, points }) + capped;
    case "multiplier":
      return t("preview.explain.multiplier", { name, factor: e.factor ?? "?", points }) + capped;
    case "tier":
      return t("preview.explain.tier", { name: e.name ?? "", factor: e.factor ?? "?", points });
    case "boost":
      return t("preview.explain.boost", { factor: e.factor ?? "?", points });
    case "bonus":
      return t("preview.explain.bonus", { name, points }) + capped;
  }
}
