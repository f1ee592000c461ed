CREATE TYPE "public"."bonus_trigger" AS ENUM('basket', 'first_purchase', 'birthday_month', 'review', 'social_share', 'app_signup');--> statement-breakpoint
CREATE TYPE "public"."cap_period" AS ENUM('day', 'month', 'year');--> statement-breakpoint
CREATE TYPE "public"."earning_rule_kind" AS ENUM('base_rate', 'multiplier', 'bonus');--> statement-breakpoint
CREATE TYPE "public"."negative_balance_policy" AS ENUM('allow_negative', 'write_off');--> statement-breakpoint
CREATE TYPE "public"."points_expiry_kind" AS ENUM('rolling_months', 'fixed_date', 'never');--> statement-breakpoint
CREATE TYPE "public"."rule_combine" AS ENUM('stack', 'best_of');--> statement-breakpoint
CREATE TYPE "public"."tier_basis" AS ENUM('points', 'spend');--> statement-breakpoint
CREATE TYPE "public"."tier_change_reason" AS ENUM('upgrade', 'review', 'manual');--> statement-breakpoint
CREATE TYPE "public"."tier_downgrade_policy" AS ENUM('to_qualified', 'one_step', 'never');--> statement-breakpoint
CREATE TYPE "public"."lot_consumption_kind" AS ENUM('redeem', 'expire', 'reverse', 'adjust', 'settle');--> statement-breakpoint
CREATE TYPE "public"."points_entry_kind" AS ENUM('earn', 'redeem', 'expire', 'adjust', 'reverse');--> statement-breakpoint
CREATE TYPE "public"."points_lot_origin" AS ENUM('purchase', 'event', 'adjustment', 'refund');--> statement-breakpoint
CREATE TYPE "public"."points_lot_status" AS ENUM('pending', 'available');--> statement-breakpoint
CREATE TYPE "public"."redemption_status" AS ENUM('issued', 'used', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."reward_kind" AS ENUM('amount_off', 'percent_off', 'free_product', 'bogo', 'points_multiplier', 'event_invitation');--> statement-breakpoint
CREATE TABLE "earning_cap_usage" (
	"member_id" uuid NOT NULL,
	"rule_id" uuid NOT NULL,
	"period" "cap_period" NOT NULL,
	"period_start" date NOT NULL,
	"points" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "earning_cap_usage_member_id_rule_id_period_period_start_pk" PRIMARY KEY("member_id","rule_id","period","period_start")
);
--> statement-breakpoint
CREATE TABLE "earning_rule_versions" (
	"rule_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"program_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" "earning_rule_kind" NOT NULL,
	"active" boolean NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"combine" "rule_combine" DEFAULT 'stack' NOT NULL,
	"rate" numeric(12, 4),
	"factor" numeric(8, 4),
	"points" integer,
	"trigger" "bonus_trigger",
	"cap_per_day" integer,
	"cap_per_month" integer,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"conditions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor_kind" "audit_actor_kind" NOT NULL,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "earning_rule_versions_rule_id_version_pk" PRIMARY KEY("rule_id","version")
);
--> statement-breakpoint
CREATE TABLE "earning_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_id" uuid NOT NULL,
	"current_version" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loyalty_programs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"currency" "currency" DEFAULT 'EUR' NOT NULL,
	"timezone" text,
	"online_store_id" uuid,
	"return_window_days" integer DEFAULT 14 NOT NULL,
	"expiry_kind" "points_expiry_kind" DEFAULT 'rolling_months' NOT NULL,
	"expiry_months" integer DEFAULT 24 NOT NULL,
	"expiry_date" date,
	"negative_balance_policy" "negative_balance_policy" DEFAULT 'allow_negative' NOT NULL,
	"tier_basis" "tier_basis" DEFAULT 'points' NOT NULL,
	"tier_window_months" integer DEFAULT 12 NOT NULL,
	"tier_review_months" integer DEFAULT 12 NOT NULL,
	"tier_downgrade_policy" "tier_downgrade_policy" DEFAULT 'one_step' NOT NULL,
	"tiers_reviewed_at" timestamp with time zone,
	"revision" bigint DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_programs_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "loyalty_tiers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_id" uuid NOT NULL,
	"name" text NOT NULL,
	"rank" integer NOT NULL,
	"threshold" bigint NOT NULL,
	"earning_factor" numeric(8, 4) DEFAULT '1' NOT NULL,
	"benefits" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_tiers_threshold" CHECK ("loyalty_tiers"."threshold" >= 0 and "loyalty_tiers"."rank" >= 0)
);
--> statement-breakpoint
CREATE TABLE "member_points" (
	"program_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"available" bigint DEFAULT 0 NOT NULL,
	"pending" bigint DEFAULT 0 NOT NULL,
	"debt" bigint DEFAULT 0 NOT NULL,
	"lifetime_earned" bigint DEFAULT 0 NOT NULL,
	"lifetime_redeemed" bigint DEFAULT 0 NOT NULL,
	"tier_id" uuid,
	"tier_since" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_points_program_id_member_id_pk" PRIMARY KEY("program_id","member_id"),
	CONSTRAINT "member_points_non_negative" CHECK ("member_points"."pending" >= 0 and "member_points"."debt" >= 0)
);
--> statement-breakpoint
CREATE TABLE "member_tier_history" (
	"id" bigint PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "member_tier_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"program_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"from_tier_id" uuid,
	"to_tier_id" uuid,
	"reason" "tier_change_reason" NOT NULL,
	"qualifying_amount" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tier_progress" (
	"program_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"month" date NOT NULL,
	"points" bigint DEFAULT 0 NOT NULL,
	"spend_minor" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tier_progress_program_id_member_id_month_pk" PRIMARY KEY("program_id","member_id","month")
);
--> statement-breakpoint
CREATE TABLE "lot_consumptions" (
	"id" bigint PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "lot_consumptions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"lot_id" bigint NOT NULL,
	"kind" "lot_consumption_kind" NOT NULL,
	"points" integer NOT NULL,
	"entry_id" bigint,
	"transaction_id" bigint,
	"redemption_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lot_consumptions_points" CHECK ("lot_consumptions"."points" > 0)
);
--> statement-breakpoint
CREATE TABLE "points_entries" (
	"id" bigint PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "points_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"program_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"kind" "points_entry_kind" NOT NULL,
	"points" integer NOT NULL,
	"transaction_id" bigint,
	"line_no" integer,
	"lot_id" bigint,
	"redemption_id" uuid,
	"event_id" bigint,
	"rules" jsonb,
	"reason" text,
	"actor_kind" "audit_actor_kind" NOT NULL,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_entries_points" CHECK ("points_entries"."points" <> 0)
);
--> statement-breakpoint
CREATE TABLE "points_lots" (
	"id" bigint PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "points_lots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"program_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"origin" "points_lot_origin" NOT NULL,
	"transaction_id" bigint,
	"event_id" bigint,
	"amount" integer NOT NULL,
	"remaining" integer NOT NULL,
	"status" "points_lot_status" NOT NULL,
	"available_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_lots_remaining" CHECK ("points_lots"."amount" > 0 and "points_lots"."remaining" between 0 and "points_lots"."amount")
);
--> statement-breakpoint
CREATE TABLE "redemptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"reward_id" uuid NOT NULL,
	"points" integer NOT NULL,
	"cost_minor" bigint NOT NULL,
	"cost_currency" "currency" NOT NULL,
	"status" "redemption_status" DEFAULT 'issued' NOT NULL,
	"code" text NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"valid_until" timestamp with time zone,
	"boost_factor" numeric(8, 4),
	"boost_until" timestamp with time zone,
	"used_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"actor_kind" "audit_actor_kind" NOT NULL,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "redemptions_code_unique" UNIQUE("code"),
	CONSTRAINT "redemptions_source_externalId_unique" UNIQUE("source","external_id"),
	CONSTRAINT "redemptions_points" CHECK ("redemptions"."points" > 0)
);
--> statement-breakpoint
CREATE TABLE "reward_codes" (
	"id" bigint PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "reward_codes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"reward_id" uuid NOT NULL,
	"code" text NOT NULL,
	"redemption_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reward_codes_code_unique" UNIQUE("code"),
	CONSTRAINT "reward_codes_redemptionId_unique" UNIQUE("redemption_id")
);
--> statement-breakpoint
CREATE TABLE "rewards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"kind" "reward_kind" NOT NULL,
	"value" jsonb NOT NULL,
	"points_price" integer NOT NULL,
	"cost_minor" bigint DEFAULT 0 NOT NULL,
	"cost_currency" "currency" NOT NULL,
	"stock" integer,
	"valid_from" timestamp with time zone,
	"valid_to" timestamp with time zone,
	"voucher_days" integer,
	"eligible_tier_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"uses_code_pool" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rewards_price" CHECK ("rewards"."points_price" > 0 and "rewards"."cost_minor" >= 0 and ("rewards"."stock" is null or "rewards"."stock" >= 0))
);
--> statement-breakpoint
ALTER TABLE "earning_cap_usage" ADD CONSTRAINT "earning_cap_usage_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "earning_cap_usage" ADD CONSTRAINT "earning_cap_usage_rule_id_earning_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."earning_rules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "earning_rule_versions" ADD CONSTRAINT "earning_rule_versions_rule_id_earning_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."earning_rules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "earning_rule_versions" ADD CONSTRAINT "earning_rule_versions_program_id_loyalty_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."loyalty_programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "earning_rules" ADD CONSTRAINT "earning_rules_program_id_loyalty_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."loyalty_programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_programs" ADD CONSTRAINT "loyalty_programs_online_store_id_stores_id_fk" FOREIGN KEY ("online_store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_tiers" ADD CONSTRAINT "loyalty_tiers_program_id_loyalty_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."loyalty_programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_points" ADD CONSTRAINT "member_points_program_id_loyalty_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."loyalty_programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_points" ADD CONSTRAINT "member_points_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_points" ADD CONSTRAINT "member_points_tier_id_loyalty_tiers_id_fk" FOREIGN KEY ("tier_id") REFERENCES "public"."loyalty_tiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_tier_history" ADD CONSTRAINT "member_tier_history_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_tier_history" ADD CONSTRAINT "member_tier_history_from_tier_id_loyalty_tiers_id_fk" FOREIGN KEY ("from_tier_id") REFERENCES "public"."loyalty_tiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_tier_history" ADD CONSTRAINT "member_tier_history_to_tier_id_loyalty_tiers_id_fk" FOREIGN KEY ("to_tier_id") REFERENCES "public"."loyalty_tiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_consumptions" ADD CONSTRAINT "lot_consumptions_lot_id_points_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."points_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_consumptions" ADD CONSTRAINT "lot_consumptions_entry_id_points_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."points_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_consumptions" ADD CONSTRAINT "lot_consumptions_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_lots" ADD CONSTRAINT "points_lots_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_lots" ADD CONSTRAINT "points_lots_event_id_engagement_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."engagement_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_program_id_loyalty_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."loyalty_programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_reward_id_rewards_id_fk" FOREIGN KEY ("reward_id") REFERENCES "public"."rewards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reward_codes" ADD CONSTRAINT "reward_codes_reward_id_rewards_id_fk" FOREIGN KEY ("reward_id") REFERENCES "public"."rewards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rewards" ADD CONSTRAINT "rewards_program_id_loyalty_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."loyalty_programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "earning_rule_versions_program_id_index" ON "earning_rule_versions" USING btree ("program_id");--> statement-breakpoint
CREATE INDEX "earning_rules_program_id_index" ON "earning_rules" USING btree ("program_id");--> statement-breakpoint
CREATE UNIQUE INDEX "loyalty_tiers_active_rank" ON "loyalty_tiers" USING btree ("program_id","rank") WHERE "loyalty_tiers"."active";--> statement-breakpoint
CREATE INDEX "member_tier_history_program_id_member_id_created_at_index" ON "member_tier_history" USING btree ("program_id","member_id","created_at");--> statement-breakpoint
CREATE INDEX "lot_consumptions_lot_id_index" ON "lot_consumptions" USING btree ("lot_id");--> statement-breakpoint
CREATE INDEX "points_entries_member_id_program_id_created_at_index" ON "points_entries" USING btree ("member_id","program_id","created_at");--> statement-breakpoint
CREATE INDEX "points_entries_transaction_idx" ON "points_entries" USING btree ("transaction_id") WHERE "points_entries"."transaction_id" is not null;--> statement-breakpoint
CREATE INDEX "points_entries_redemption_idx" ON "points_entries" USING btree ("redemption_id") WHERE "points_entries"."redemption_id" is not null;--> statement-breakpoint
CREATE INDEX "points_lots_open_idx" ON "points_lots" USING btree ("member_id","program_id","expires_at") WHERE "points_lots"."remaining" > 0;--> statement-breakpoint
CREATE INDEX "points_lots_pending_idx" ON "points_lots" USING btree ("available_at") WHERE "points_lots"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "points_lots_expiry_idx" ON "points_lots" USING btree ("expires_at") WHERE "points_lots"."remaining" > 0;--> statement-breakpoint
CREATE UNIQUE INDEX "points_lots_transaction_idx" ON "points_lots" USING btree ("transaction_id") WHERE "points_lots"."transaction_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "points_lots_event_idx" ON "points_lots" USING btree ("event_id") WHERE "points_lots"."event_id" is not null;--> statement-breakpoint
CREATE INDEX "redemptions_reward_id_created_at_index" ON "redemptions" USING btree ("reward_id","created_at");--> statement-breakpoint
CREATE INDEX "redemptions_program_id_created_at_index" ON "redemptions" USING btree ("program_id","created_at");--> statement-breakpoint
CREATE INDEX "redemptions_member_idx" ON "redemptions" USING btree ("member_id","created_at");--> statement-breakpoint
CREATE INDEX "redemptions_boost_idx" ON "redemptions" USING btree ("member_id","boost_until") WHERE "redemptions"."boost_until" is not null;--> statement-breakpoint
CREATE INDEX "reward_codes_free_idx" ON "reward_codes" USING btree ("reward_id","id") WHERE "reward_codes"."redemption_id" is null;--> statement-breakpoint
CREATE INDEX "rewards_program_id_index" ON "rewards" USING btree ("program_id");