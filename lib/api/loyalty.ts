import "server-only";
import type { Db } from "@/db/client";
import { findStoresByCode, listOnlineStoreIds } from "@/db/queries/api-members";
import { getProgramConfig, resolveProgramId, type ProgramConfig } from "@/db/queries/loyalty/config";
import type { ApiChannel } from "@/db/schema";
import { salesChannel } from "@/db/schema/enums";
import { AppError, type FieldErrors } from "@/lib/errors";
import type { ReceiptContextInput } from "@/lib/loyalty/context";
import { LoyaltyError } from "@/lib/loyalty/errors";
import type { RecordedReceiptOutcome } from "@/lib/loyalty/receipts";
import { describeTierChange, enqueueTierChanges } from "@/lib/loyalty/webhooks";
import type { ApiPrincipal } from "./auth";
import type { ReceiptResult } from "./schemas/points";
import { keyReachesStore } from "./scope";

/**
 * The points routes' bridge to the ledger (lib/loyalty): who books (the key, its source and program), what
 * the key's stores and channels allow, and the ledger's answers in the API's shapes and field names.
 */

/** The ledger context of a request: the key is the actor and its source part of every receipt's identity. */
export function ledgerContext(key: ApiPrincipal, now: Date): ReceiptContextInput {
  return { actor: { kind: "api_key", id: key.id }, now, programId: key.programId ?? undefined, source: key.source };
}

export async function keyProgram(db: Db, key: ApiPrincipal): Promise<ProgramConfig> {
  return getProgramConfig(db, await resolveProgramId(db, key.programId ?? undefined));
}

/** The ledger names fields `lines[0].amount` (in a batch `[3].lines[0].amount`); the API `lines.0.amount`, under `prefix`. */
export function apiFieldPath(path: string, prefix = ""): string {
  const dotted = path.replace(/\[(\d+)\]/g, ".$1").replace(/^\./, "");
  if (!prefix) return dotted;
  return dotted === "(root)" ? prefix : `${prefix}.${dotted}`;
}

export function apiFieldErrors(fields: FieldErrors | undefined, prefix = ""): FieldErrors | undefined {
  if (!fields) return undefined;
  return Object.fromEntries(Object.entries(fields).map(([path, messages]) => [apiFieldPath(path, prefix), messages]));
}

/** A ledger refusal with its fields named the API's way (`lines.0.amount`); other errors as they are. */
export function apiLedgerError(error: unknown): unknown {
  return error instanceof LoyaltyError ? new LoyaltyError(error.reason, error.message.replace(/\[(\d+)\]/g, ".$1"), apiFieldErrors(error.fieldErrors)) : error;
}

/** Runs a ledger call; a refusal keeps its reason and status, with its fields named the API's way. */
export async function callLedger<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw apiLedgerError(error);
  }
}

/** A string field of a body part not validated yet (a batch's item), trimmed as the schemas trim. */
export function stringField(value: unknown, field: string): string | undefined {
  if (typeof value !== "object" || value === null || !(field in value)) return undefined;
  const found = (value as Record<string, unknown>)[field];
  return typeof found === "string" ? found.trim() : undefined;
}

/**
 * 403 unless the key's channels cover each receipt's channel and its stores each receipt's store (its
 * storeCode, else the program's online store, where online and app receipts book). `pathOf` names the
 * field: `storeCode`, or `receipts.3.storeCode` in a batch. Receipts are read loosely (a batch's items are
 * validated later, one by one); an unknown store is left to the ledger (400).
 */
export async function requireReceiptScope(db: Db, key: ApiPrincipal, receipts: readonly unknown[], pathOf: (index: number, field: string) => string): Promise<void> {
  const forbidden: FieldErrors = {};
  receipts.forEach((receipt, i) => {
    const channel = stringField(receipt, "channel");
    // Sales channels are named as the key's channels (pos, online, app).
    if (channel && (salesChannel.enumValues as readonly string[]).includes(channel) && !key.channels.includes(channel as ApiChannel)) {
      forbidden[pathOf(i, "channel")] = ["Outside this API key's channels."];
    }
  });
  if (key.storeIds !== null) {
    const codes = receipts.map((r) => stringField(r, "storeCode"));
    const stores = await findStoresByCode(db, { codes: codes.filter((c): c is string => c !== undefined) });
    let online: string | null | undefined;
    for (const [i, code] of codes.entries()) {
      let storeId = code === undefined ? undefined : stores.get(code)?.id;
      if (code === undefined) {
        online ??= await defaultOnlineStoreId(db, key);
        storeId = online ?? undefined;
      }
      if (storeId !== undefined && !keyReachesStore(key, storeId)) forbidden[pathOf(i, "storeCode")] = ["Outside this API key's stores."];
    }
  }
  if (Object.keys(forbidden).length > 0) throw new AppError("forbidden", `This API key may not send these receipts: ${Object.keys(forbidden).join(", ")}.`, forbidden);
}

/** Where a receipt without storeCode books: the program's online store, else the only online store. */
async function defaultOnlineStoreId(db: Db, key: ApiPrincipal): Promise<string | null> {
  const config = await keyProgram(db, key);
  if (config.onlineStoreId) return config.onlineStoreId;
  const online = await listOnlineStoreIds(db);
  return online.length === 1 ? online[0]! : null;
}

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/** A recorded (or replayed) receipt as the API answers it; `tiers` names a tier change. */
function receiptResult(outcome: RecordedReceiptOutcome, tiers: Pick<ProgramConfig, "tiers">): ReceiptResult {
  return {
    status: outcome.status,
    transactionId: outcome.transactionId,
    externalId: outcome.externalId,
    memberId: outcome.memberId,
    points: outcome.points,
    lines: outcome.lines,
    bonuses: outcome.bonuses,
    lot: outcome.lot ? { status: outcome.lot.status, availableAt: outcome.lot.availableAt.toISOString(), expiresAt: iso(outcome.lot.expiresAt) } : null,
    tierChange: outcome.tierChange ? describeTierChange(tiers, outcome.tierChange) : null,
    balance: outcome.balance,
  };
}

/**
 * Answers recorded receipts, and queues a `tier_changed` webhook for each that moved its member, in `tx`
 * (the transaction that recorded them). The program's tiers are read only when some receipt changed one.
 */
export async function answerReceipts(
  tx: Db,
  key: ApiPrincipal,
  now: Date,
  recorded: readonly { outcome: RecordedReceiptOutcome; memberExternalId: string | null }[],
): Promise<ReceiptResult[]> {
  const changed = recorded.filter((r) => r.outcome.status === "recorded" && r.outcome.tierChange && r.outcome.memberId);
  const tiers = changed.length > 0 ? await keyProgram(tx, key) : { tiers: [] };
  await enqueueTierChanges(
    tx,
    tiers,
    changed.map(({ outcome, memberExternalId }) => ({ memberId: outcome.memberId!, memberExternalId, fromTierId: outcome.tierChange!.fromTierId, toTierId: outcome.tierChange!.toTierId })),
    now,
  );
  return recorded.map((r) => receiptResult(r.outcome, tiers));
}
