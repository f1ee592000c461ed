import "server-only";
import type { Db } from "@/db/client";
import type { AuditActor } from "@/db/queries/audit";
import { CSV_SOURCE } from "@/db/queries/imports-transactions";
import { awardImportedReceipts } from "@/lib/loyalty/imported-receipts";

export interface AfterImportContext {
  /** Who runs the import: the ledger entries name them. */
  actor: AuditActor;
  /** The import's clock: lots are pending or available, tier windows reckoned, as of it. */
  now: Date;
  /** The loyalty program to credit; the default program unless a test names its own. */
  programId?: string;
}

export interface AfterImportResult {
  /** Points the new receipts earned (a preview reports what the import would award). */
  awardedPoints: number;
}

/**
 * THE HOOK for what must follow newly imported receipts. It runs inside the import's one database
 * transaction, right after the receipts and their lines are inserted, with the ids of the receipts this
 * import inserted (receipts skipped as already stored are not in the list, so a re-import credits nothing).
 * A throw here rolls the whole import back, so the receipts and their points commit together. A preview
 * calls it too, in a transaction that is rolled back afterwards.
 *
 * It credits the receipts' points exactly as the API would have (lib/loyalty/imported-receipts.ts).
 */
export async function afterTransactionsImported(tx: Db, insertedTransactionIds: readonly number[], ctx: AfterImportContext): Promise<AfterImportResult> {
  const awarded = await awardImportedReceipts(tx, insertedTransactionIds, { ...ctx, source: CSV_SOURCE });
  return { awardedPoints: awarded.points };
}
