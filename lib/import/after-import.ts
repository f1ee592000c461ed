import "server-only";
import type { RawSession } from "@/db/client";

/**
 * THE HOOK for what must follow newly imported receipts (points, at the time of writing). It runs inside
 * the import's one database transaction, right after the receipts and their lines are inserted, with the
 * ids of the receipts this import inserted (receipts skipped as already stored are not in the list). A
 * throw here rolls the whole import back, so the receipts and their consequences commit together.
 *
 * For now it does nothing: the loyalty domain's batch function that awards points for new transactions
 * is to be called from here (`tx` is the import's raw session: plain SQL on the same connection, in the
 * same transaction). It is also called by a preview, whose transaction is rolled back afterwards.
 */
export async function afterTransactionsImported(tx: RawSession, insertedTransactionIds: readonly number[]): Promise<void> {
  void tx;
  void insertedTransactionIds;
}
