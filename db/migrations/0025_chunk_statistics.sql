-- A re-score reads members a chunk at a time by member id range (db/queries/churn-score-input.ts). With
-- PostgreSQL's default 100-bucket histograms a 10,000-member chunk of a 1M-member program falls inside one
-- bucket; uuids cannot be interpolated within a bucket, so the planner guessed one row per chunk and chose
-- nested loops that re-ran the engagement aggregate for every member: minutes for a chunk that takes one
-- second. A 1,000-bucket histogram on the columns the ranges filter keeps a chunk spanning about ten buckets
-- at 1M members (docs/churn.md, "Scoring"). The columns are analysed here so that it holds at once.
ALTER TABLE "members" ALTER COLUMN "id" SET STATISTICS 1000;--> statement-breakpoint
ALTER TABLE "transactions" ALTER COLUMN "member_id" SET STATISTICS 1000;--> statement-breakpoint
ALTER TABLE "engagement_events" ALTER COLUMN "member_id" SET STATISTICS 1000;--> statement-breakpoint
ALTER TABLE "redemptions" ALTER COLUMN "member_id" SET STATISTICS 1000;--> statement-breakpoint
ALTER TABLE "churn_member_scores" ALTER COLUMN "member_id" SET STATISTICS 1000;
--> statement-breakpoint
ANALYZE "members" ("id");--> statement-breakpoint
ANALYZE "transactions" ("member_id");--> statement-breakpoint
ANALYZE "engagement_events" ("member_id");--> statement-breakpoint
ANALYZE "redemptions" ("member_id");
