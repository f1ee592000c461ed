import { useTranslations } from "next-intl";
import { Card, CardHeader } from "@/components/ui/card";
import type { ProductRecommendation } from "@/db/queries/recommendations";
import { recommendationReasonText } from "@/lib/personalization/reason-text";

/** Member 360's recommended products: product, category and why, from the served recommendation model. */
export function RecommendedProductsCard({ recommendations, personalized }: { recommendations: readonly ProductRecommendation[]; personalized: boolean }) {
  const t = useTranslations("personalization");
  return (
    <Card aria-labelledby="recommended-products-title" data-testid="recommended-products">
      <CardHeader title={<span id="recommended-products-title">{t("products.title")}</span>} description={t("products.description")} />
      {!personalized ? (
        <p className="text-sm text-[var(--text-muted)]">{t("card.objected")}</p>
      ) : recommendations.length === 0 ? (
        <p className="text-sm text-[var(--text-muted)]">{t("products.empty")}</p>
      ) : (
        <ol className="divide-y divide-[var(--border)] text-sm">
          {recommendations.map((r) => (
            <li key={r.productId} className="py-1.5" data-testid="recommended-product">
              <div className="flex items-baseline justify-between gap-2">
                <span className="font-medium">{r.name}</span>
                {r.category ? <span className="text-xs text-[var(--text-muted)]">{r.category}</span> : null}
              </div>
              <p className="text-xs text-[var(--text-muted)]">{recommendationReasonText(t, r.reason)}</p>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
