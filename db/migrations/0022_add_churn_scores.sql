CREATE TYPE "public"."churn_contact_outcome" AS ENUM('retained', 'no_response', 'declined', 'lost');--> statement-breakpoint
CREATE TYPE "public"."churn_intervention" AS ENUM('winBackCall', 'specialReward', 'personalizedOffer', 'eventInvitation', 'secondPurchaseOffer', 'discountCoupon', 'serviceFollowUp', 'appComeback');--> statement-breakpoint
CREATE TYPE "public"."churn_risk_band" AS ENUM('low', 'medium', 'high', 'very_high');--> statement-breakpoint
CREATE TYPE "public"."churn_score_run_status" AS ENUM('queued', 'running', 'done', 'failed');--> statement-breakpoint
CREATE TABLE "churn_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"run_id" uuid,
	"churn_probability" double precision,
	"value_at_stake_minor" bigint,
	"intervention" "churn_intervention",
	"contacted_at" timestamp with time zone NOT NULL,
	"contacted_by" uuid,
	"outcome" "churn_contact_outcome",
	"outcome_at" timestamp with time zone,
	"outcome_by" uuid,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "churn_member_scores" (
	"run_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"churn_probability" double precision NOT NULL,
	"probability_alive" double precision,
	"expected_purchases" double precision,
	"clv_minor" bigint,
	"value_at_stake_minor" bigint,
	"risk_band" "churn_risk_band" NOT NULL,
	"reasons" jsonb NOT NULL,
	"intervention" "churn_intervention",
	CONSTRAINT "churn_member_scores_run_id_member_id_pk" PRIMARY KEY("run_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "churn_model_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer NOT NULL,
	"trained_at" timestamp with time zone NOT NULL,
	"horizon_days" integer NOT NULL,
	"data_from" timestamp with time zone NOT NULL,
	"data_to" timestamp with time zone NOT NULL,
	"train_cutoffs" jsonb NOT NULL,
	"test_cutoff" timestamp with time zone NOT NULL,
	"train_rows" integer NOT NULL,
	"test_rows" integer NOT NULL,
	"test_churn_rate" double precision NOT NULL,
	"evaluations" jsonb NOT NULL,
	"importances" jsonb NOT NULL,
	"model" jsonb NOT NULL,
	"training_ms" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "churn_model_runs_version_unique" UNIQUE("version")
);
--> statement-breakpoint
CREATE TABLE "churn_score_bands" (
	"run_id" uuid NOT NULL,
	"store_id" uuid,
	"risk_band" "churn_risk_band" NOT NULL,
	"members" integer NOT NULL,
	"clv_minor" bigint NOT NULL,
	"value_at_stake_minor" bigint NOT NULL,
	CONSTRAINT "churn_score_bands_key" UNIQUE NULLS NOT DISTINCT("run_id","store_id","risk_band")
);
--> statement-breakpoint
CREATE TABLE "churn_score_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_run_id" uuid,
	"status" "churn_score_run_status" DEFAULT 'queued' NOT NULL,
	"retrain" boolean DEFAULT false NOT NULL,
	"as_of" timestamp with time zone,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"scored" integer DEFAULT 0 NOT NULL,
	"btyd" jsonb,
	"error" text,
	"requested_by" uuid,
	"started_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "churn_contacts" ADD CONSTRAINT "churn_contacts_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "churn_contacts" ADD CONSTRAINT "churn_contacts_run_id_churn_score_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."churn_score_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "churn_contacts" ADD CONSTRAINT "churn_contacts_contacted_by_staff_users_id_fk" FOREIGN KEY ("contacted_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "churn_contacts" ADD CONSTRAINT "churn_contacts_outcome_by_staff_users_id_fk" FOREIGN KEY ("outcome_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "churn_member_scores" ADD CONSTRAINT "churn_member_scores_run_id_churn_score_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."churn_score_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "churn_member_scores" ADD CONSTRAINT "churn_member_scores_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "churn_model_runs" ADD CONSTRAINT "churn_model_runs_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "churn_score_bands" ADD CONSTRAINT "churn_score_bands_run_id_churn_score_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."churn_score_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "churn_score_bands" ADD CONSTRAINT "churn_score_bands_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "churn_score_runs" ADD CONSTRAINT "churn_score_runs_model_run_id_churn_model_runs_id_fk" FOREIGN KEY ("model_run_id") REFERENCES "public"."churn_model_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "churn_score_runs" ADD CONSTRAINT "churn_score_runs_requested_by_staff_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "churn_contacts_member_id_contacted_at_index" ON "churn_contacts" USING btree ("member_id","contacted_at");--> statement-breakpoint
CREATE INDEX "churn_member_scores_value_idx" ON "churn_member_scores" USING btree ("run_id","value_at_stake_minor" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "churn_member_scores_member_id_index" ON "churn_member_scores" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "churn_score_runs_one_active_idx" ON "churn_score_runs" USING btree (("status" in ('queued', 'running'))) WHERE "churn_score_runs"."status" in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "churn_score_runs_finished_at_index" ON "churn_score_runs" USING btree ("finished_at");