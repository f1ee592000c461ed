CREATE TABLE "cluster_run_members" (
	"run_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"cluster" smallint NOT NULL,
	CONSTRAINT "cluster_run_members_run_id_member_id_pk" PRIMARY KEY("run_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "cluster_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_by" uuid,
	"k" integer NOT NULL,
	"k_chosen" boolean NOT NULL,
	"seed" integer NOT NULL,
	"fitted" integer NOT NULL,
	"placed" integer NOT NULL,
	"clusters" jsonb NOT NULL,
	"candidates" jsonb NOT NULL,
	"comparison" jsonb,
	"previous_run_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cluster_run_members" ADD CONSTRAINT "cluster_run_members_run_id_cluster_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."cluster_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cluster_run_members" ADD CONSTRAINT "cluster_run_members_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cluster_runs" ADD CONSTRAINT "cluster_runs_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cluster_run_members_run_id_cluster_index" ON "cluster_run_members" USING btree ("run_id","cluster");