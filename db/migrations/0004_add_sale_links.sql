DROP INDEX "transactions_overview_sales_idx";--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "prev_sale_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "prev2_sale_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "transactions_overview_sales_idx" ON "transactions" USING btree ("occurred_at","prev_sale_at","prev2_sale_at") WHERE "transactions"."kind" = 'sale' and "transactions"."member_id" is not null;