-- The models' predictions move from member_features to a narrow table of their own that a re-score can
-- rewrite cheaply: HOT updates (no index but the key, half of each page free), no foreign key (each check
-- locks the member's row; members are never deleted). The scores' own foreign key to members goes for the
-- same reason. See db/schema/features.ts, memberPredictions.
CREATE TABLE "member_predictions" (
	"member_id" uuid PRIMARY KEY NOT NULL,
	"churn_risk" double precision,
	"clv_minor" bigint,
	"redemption_propensity" double precision,
	"updated_at" timestamp with time zone NOT NULL
) WITH (fillfactor = 50);
--> statement-breakpoint
ALTER TABLE "churn_member_scores" DROP CONSTRAINT "churn_member_scores_member_id_members_id_fk";
--> statement-breakpoint
DROP INDEX "member_features_churn_idx";--> statement-breakpoint
DROP INDEX "member_features_clv_idx";--> statement-breakpoint
-- The predictions the last re-score wrote into member_features move here before their columns go.
INSERT INTO "member_predictions" ("member_id", "churn_risk", "clv_minor", "redemption_propensity", "updated_at")
SELECT "member_id", "churn_risk", "clv_minor", "redemption_propensity", "refreshed_at" FROM "member_features"
 WHERE "churn_risk" IS NOT NULL OR "clv_minor" IS NOT NULL OR "redemption_propensity" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "member_features" DROP COLUMN "churn_risk";--> statement-breakpoint
ALTER TABLE "member_features" DROP COLUMN "clv_minor";--> statement-breakpoint
ALTER TABLE "member_features" DROP COLUMN "redemption_propensity";