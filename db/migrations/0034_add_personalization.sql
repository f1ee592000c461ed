CREATE TYPE "public"."personalization_model_kind" AS ENUM('recommendations', 'redemption_propensity');--> statement-breakpoint
CREATE TABLE "personalization_models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "personalization_model_kind" NOT NULL,
	"trained_through" timestamp with time zone NOT NULL,
	"model" jsonb NOT NULL,
	"metrics" jsonb NOT NULL,
	"samples" integer NOT NULL,
	"elapsed_ms" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product_neighbours" (
	"product_id" uuid NOT NULL,
	"rank" smallint NOT NULL,
	"neighbour_id" uuid NOT NULL,
	"score" real NOT NULL,
	CONSTRAINT "product_neighbours_product_id_rank_pk" PRIMARY KEY("product_id","rank"),
	CONSTRAINT "product_neighbours_rank" CHECK ("product_neighbours"."rank" >= 1)
);
--> statement-breakpoint
ALTER TABLE "rewards" ADD COLUMN "category_id" uuid;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "personalized" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "product_neighbours" ADD CONSTRAINT "product_neighbours_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_neighbours" ADD CONSTRAINT "product_neighbours_neighbour_id_products_id_fk" FOREIGN KEY ("neighbour_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "personalization_models_kind_created_at_index" ON "personalization_models" USING btree ("kind","created_at");--> statement-breakpoint
ALTER TABLE "rewards" ADD CONSTRAINT "rewards_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;