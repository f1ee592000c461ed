import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { programSettings } from "../schema";

export interface ProgramInfo {
  name: string;
  currency: (typeof programSettings.$inferSelect)["currency"];
  timezone: string;
  demo: boolean;
}

/** The program's settings; a database not yet seeded answers with neutral defaults. */
export async function getProgramInfo(db: Db): Promise<ProgramInfo> {
  const [row] = await db
    .select({ name: programSettings.name, currency: programSettings.currency, timezone: programSettings.timezone, demo: programSettings.demo })
    .from(programSettings)
    .where(eq(programSettings.id, 1))
    .limit(1);
  return row ?? { name: "Loyalist", currency: "EUR", timezone: "UTC", demo: false };
}
