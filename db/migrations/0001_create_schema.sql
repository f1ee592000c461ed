CREATE SCHEMA "ground_truth";
--> statement-breakpoint
CREATE TYPE "public"."audit_actor_kind" AS ENUM('staff', 'api_key', 'system');--> statement-breakpoint
CREATE TYPE "public"."currency" AS ENUM('EUR', 'USD', 'GBP', 'SEK', 'PLN', 'NOK', 'DKK', 'CHF', 'AED', 'SAR');--> statement-breakpoint
CREATE TYPE "public"."engagement_channel" AS ENUM('app', 'web', 'email', 'social', 'pos');--> statement-breakpoint
CREATE TYPE "public"."engagement_type" AS ENUM('app_open', 'app_signup', 'page_view', 'product_view', 'email_open', 'email_click', 'social_like', 'social_share', 'review', 'store_visit');--> statement-breakpoint
CREATE TYPE "public"."identity_kind" AS ENUM('loyalty_card', 'online_account', 'app_account', 'email', 'phone', 'social', 'external');--> statement-breakpoint
CREATE TYPE "public"."member_status" AS ENUM('active', 'inactive', 'erased');--> statement-breakpoint
CREATE TYPE "public"."sales_channel" AS ENUM('pos', 'online', 'app');--> statement-breakpoint
CREATE TYPE "public"."staff_role" AS ENUM('admin', 'marketer', 'store_manager');--> statement-breakpoint
CREATE TYPE "public"."store_kind" AS ENUM('physical', 'online');--> statement-breakpoint
CREATE TYPE "public"."transaction_kind" AS ENUM('sale', 'return');--> statement-breakpoint
CREATE TYPE "public"."ui_locale" AS ENUM('en', 'de', 'pl', 'sv', 'ar');--> statement-breakpoint
CREATE TYPE "ground_truth"."behaviour_group" AS ENUM('weekend_online_big_basket', 'weekday_instore_regular', 'deal_seeker', 'app_first_young', 'occasional_gift_buyer');--> statement-breakpoint
CREATE TYPE "ground_truth"."offer_type" AS ENUM('amount_off', 'percent_off', 'free_product', 'buy_one_get_one', 'points_multiplier', 'event_invitation');--> statement-breakpoint
CREATE TABLE "program_settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"name" text NOT NULL,
	"currency" "currency" NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" "store_kind" NOT NULL,
	"city" text,
	"country_code" text NOT NULL,
	"currency" "currency" NOT NULL,
	"timezone" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stores_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "login_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"ip" text,
	"success" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_user_stores" (
	"staff_user_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_user_stores_staff_user_id_store_id_pk" PRIMARY KEY("staff_user_id","store_id")
);
--> statement-breakpoint
CREATE TABLE "staff_users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "staff_role" NOT NULL,
	"locale" "ui_locale" DEFAULT 'en' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "member_identities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"kind" "identity_kind" NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_identities_kind_value_unique" UNIQUE("kind","value")
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"external_id" text,
	"email" text,
	"phone" text,
	"first_name" text,
	"last_name" text,
	"birth_date" date,
	"postcode" text,
	"city" text,
	"country_code" text,
	"locale" "ui_locale" DEFAULT 'en' NOT NULL,
	"home_store_id" uuid,
	"joined_at" timestamp with time zone NOT NULL,
	"status" "member_status" DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "members_externalId_unique" UNIQUE("external_id")
);
--> statement-breakpoint
CREATE TABLE "categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "categories_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"category_id" uuid NOT NULL,
	"price_minor" integer NOT NULL,
	"currency" "currency" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_sku_unique" UNIQUE("sku")
);
--> statement-breakpoint
CREATE TABLE "transaction_lines" (
	"transaction_id" bigint NOT NULL,
	"line_no" integer NOT NULL,
	"product_id" uuid,
	"sku" text NOT NULL,
	"category_id" uuid,
	"quantity" integer NOT NULL,
	"amount_minor" bigint NOT NULL,
	"discount_minor" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transaction_lines_transaction_id_line_no_pk" PRIMARY KEY("transaction_id","line_no")
);
--> statement-breakpoint
CREATE TABLE "transactions" (
	"id" bigint PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "transactions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"member_id" uuid,
	"store_id" uuid NOT NULL,
	"channel" "sales_channel" NOT NULL,
	"kind" "transaction_kind" DEFAULT 'sale' NOT NULL,
	"original_transaction_id" bigint,
	"occurred_at" timestamp with time zone NOT NULL,
	"currency" "currency" NOT NULL,
	"total_minor" bigint NOT NULL,
	"discount_minor" bigint DEFAULT 0 NOT NULL,
	"item_count" integer NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transactions_source_externalId_unique" UNIQUE("source","external_id"),
	CONSTRAINT "transactions_sign" CHECK (("transactions"."kind" = 'sale') = ("transactions"."total_minor" >= 0))
);
--> statement-breakpoint
CREATE TABLE "engagement_events" (
	"id" bigint PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "engagement_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"member_id" uuid NOT NULL,
	"channel" "engagement_channel" NOT NULL,
	"type" "engagement_type" NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "engagement_events_source_externalId_unique" UNIQUE("source","external_id")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"actor_kind" "audit_actor_kind" NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"before" jsonb,
	"after" jsonb,
	"ip" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sales_daily" (
	"day" date NOT NULL,
	"store_id" uuid NOT NULL,
	"channel" "sales_channel" NOT NULL,
	"currency" "currency" NOT NULL,
	"transactions" integer NOT NULL,
	"returns" integer NOT NULL,
	"sales_minor" bigint NOT NULL,
	"returns_minor" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sales_daily_day_store_id_channel_currency_pk" PRIMARY KEY("day","store_id","channel","currency")
);
--> statement-breakpoint
CREATE TABLE "ground_truth"."members" (
	"member_id" uuid PRIMARY KEY NOT NULL,
	"purchase_rate_per_year" real NOT NULL,
	"lapse_probability" real NOT NULL,
	"lapsed_at" timestamp with time zone,
	"behaviour_group" "ground_truth"."behaviour_group" NOT NULL,
	"price_sensitivity" real NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ground_truth"."offer_response" (
	"member_id" uuid NOT NULL,
	"offer_type" "ground_truth"."offer_type" NOT NULL,
	"propensity" real NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offer_response_member_id_offer_type_pk" PRIMARY KEY("member_id","offer_type")
);
--> statement-breakpoint
ALTER TABLE "staff_user_stores" ADD CONSTRAINT "staff_user_stores_staff_user_id_staff_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_user_stores" ADD CONSTRAINT "staff_user_stores_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_identities" ADD CONSTRAINT "member_identities_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_home_store_id_stores_id_fk" FOREIGN KEY ("home_store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transaction_lines" ADD CONSTRAINT "transaction_lines_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transaction_lines" ADD CONSTRAINT "transaction_lines_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transaction_lines" ADD CONSTRAINT "transaction_lines_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_events" ADD CONSTRAINT "engagement_events_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_daily" ADD CONSTRAINT "sales_daily_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ground_truth"."members" ADD CONSTRAINT "members_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ground_truth"."offer_response" ADD CONSTRAINT "offer_response_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "login_attempts_email_created_at_index" ON "login_attempts" USING btree ("email","created_at");--> statement-breakpoint
CREATE INDEX "login_attempts_ip_created_at_index" ON "login_attempts" USING btree ("ip","created_at");--> statement-breakpoint
CREATE INDEX "member_identities_member_id_index" ON "member_identities" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "members_home_store_id_joined_at_index" ON "members" USING btree ("home_store_id","joined_at");--> statement-breakpoint
CREATE INDEX "members_joined_at_index" ON "members" USING btree ("joined_at");--> statement-breakpoint
CREATE INDEX "members_search_name_trgm" ON "members" USING gin ((coalesce("first_name", '') || ' ' || coalesce("last_name", '')) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "members_email_trgm" ON "members" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "products_category_id_index" ON "products" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "transactions_member_id_occurred_at_index" ON "transactions" USING btree ("member_id","occurred_at");--> statement-breakpoint
CREATE INDEX "transactions_occurred_at_index" ON "transactions" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "transactions_store_id_occurred_at_index" ON "transactions" USING btree ("store_id","occurred_at");--> statement-breakpoint
CREATE INDEX "engagement_events_member_id_occurred_at_index" ON "engagement_events" USING btree ("member_id","occurred_at");--> statement-breakpoint
CREATE INDEX "engagement_events_occurred_at_index" ON "engagement_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "audit_log_created_at_index" ON "audit_log" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "audit_log_entity_type_entity_id_index" ON "audit_log" USING btree ("entity_type","entity_id");