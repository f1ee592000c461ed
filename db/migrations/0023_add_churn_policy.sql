CREATE TABLE "churn_intervention_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer NOT NULL,
	"rules" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "churn_intervention_policies_version_unique" UNIQUE("version")
);
--> statement-breakpoint
ALTER TABLE "churn_score_runs" ADD COLUMN "policy_version" integer;--> statement-breakpoint
ALTER TABLE "churn_intervention_policies" ADD CONSTRAINT "churn_intervention_policies_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- A score run cites the policy version it used: saving a policy writes a new version, never edits one (hand-written, after drizzle-kit's statements).
CREATE TRIGGER churn_intervention_policies_immutable BEFORE UPDATE OR DELETE ON churn_intervention_policies
  FOR EACH ROW EXECUTE FUNCTION loyalty_append_only();
