import type { Metadata } from "next";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/members/empty-state";
import { PropensityFigures, RecommendationFigures, TrainingHistory } from "@/components/personalization/model-figures";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { listPersonalizationModels } from "@/db/queries/personalization-models";
import { requirePagePermission } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("models.personalization");
  return { title: t("title") };
}

const HISTORY = 10;

/** The personalization models' held-out figures: recommendations against popularity, propensity against "redeemed before". */
export default async function PersonalizationModelPage() {
  await connection();
  await requirePagePermission("models:view");
  const db = await getDb();
  const [recommendations, propensity, t] = await Promise.all([
    listPersonalizationModels(db, { kind: "recommendations", limit: HISTORY }),
    listPersonalizationModels(db, { kind: "redemption_propensity", limit: HISTORY }),
    getTranslations("models.personalization"),
  ]);
  const [latestRecommendations] = recommendations;
  const [latestPropensity] = propensity;
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} description={t("description")} />
      {!latestRecommendations && !latestPropensity ? <EmptyState title={t("noModelTitle")} body={t("noModelBody")} /> : null}
      <div className="grid gap-6 lg:grid-cols-2">
        {latestRecommendations ? <RecommendationFigures model={latestRecommendations} /> : null}
        {latestPropensity ? <PropensityFigures model={latestPropensity} /> : null}
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        {recommendations.length > 1 ? (
          <TrainingHistory title={t("recommendations.history")} models={recommendations} headline={{ label: t("recommendations.hitRate"), key: "hitRateAt10", format: "percent" }} />
        ) : null}
        {propensity.length > 1 ? (
          <TrainingHistory title={t("propensity.history")} models={propensity} headline={{ label: t("propensity.auc"), key: "auc", format: "auc" }} />
        ) : null}
      </div>
    </div>
  );
}
