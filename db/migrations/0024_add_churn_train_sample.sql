ALTER TABLE "churn_model_runs" ADD COLUMN "sample_members" integer;--> statement-breakpoint
ALTER TABLE "churn_model_runs" ADD COLUMN "eligible_members" integer;