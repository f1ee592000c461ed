import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { campaigns } from "@/db/schema";
import { selectRows } from "@/db/sql";
import { choosePersonalOffers } from "@/db/queries/campaign-personal-offers";

type Campaign = typeof campaigns.$inferSelect;

/**
 * A personalized campaign's audience (docs/campaigns.md, "Personalized offers"): the run's audience is
 * materialized in a temporary table, each treated member's own offer is chosen outside SQL by the next best
 * offer's expected value among the campaign's offers (db/queries/campaign-personal-offers.ts), and the
 * launch statement reads both. A member without a choice (no propensity: they objected to profiling, or
 * nothing is known of them) gets the allocation's stable draw, which uses nothing about them.
 */
export async function personalAudience(
  tx: Db,
  params: { campaign: Campaign; audience: SQL; draw: SQL; now: Date },
): Promise<{ audience: SQL; choice: SQL }> {
  // Both tables live until the launch's transaction ends; a run is the only user (the launch lock).
  await tx.execute(sql`DROP TABLE IF EXISTS launch_audience, launch_choice`);
  await tx.execute(sql`CREATE TEMP TABLE launch_audience ON COMMIT DROP AS ${params.audience}`);
  const treated = await selectRows<{ member_id: string }>(tx, sql`SELECT member_id FROM launch_audience WHERE NOT control ORDER BY member_id`);
  const choices = await choosePersonalOffers(tx, { campaignId: params.campaign.id, memberIds: treated.map((r) => r.member_id), now: params.now });
  await tx.execute(sql`CREATE TEMP TABLE launch_choice (member_id uuid PRIMARY KEY, variant_id uuid NOT NULL) ON COMMIT DROP`);
  // Two array parameters, however many members: one statement.
  const entries = [...choices];
  await tx.execute(sql`INSERT INTO launch_choice (member_id, variant_id)
    SELECT * FROM unnest(${`{${entries.map(([member]) => member).join(",")}}`}::uuid[], ${`{${entries.map(([, variant]) => variant).join(",")}}`}::uuid[])`);
  return {
    audience: sql`SELECT * FROM launch_audience`,
    choice: sql`COALESCE((SELECT lc.variant_id FROM launch_choice lc WHERE lc.member_id = a.member_id), ${params.draw})`,
  };
}
