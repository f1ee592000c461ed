import "server-only";
import { and, inArray, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { webhookDeliveries } from "@/db/schema";

/** Delivered and dead deliveries are kept 30 days for the admin page, then forgotten. */
export async function deleteOldWebhookDeliveries(db: Db, now: Date, keepMs = 30 * 86_400_000): Promise<number> {
  const deleted = await db
    .delete(webhookDeliveries)
    .where(and(inArray(webhookDeliveries.status, ["delivered", "dead"]), lt(webhookDeliveries.createdAt, new Date(now.getTime() - keepMs))))
    .returning({ id: webhookDeliveries.id });
  return deleted.length;
}
