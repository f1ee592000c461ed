import type { AuditActor } from "@/db/queries/audit";
import type { ProgramConfig } from "@/db/queries/loyalty/config";
import type { ContextMember, ReceiptContext } from "@/db/queries/loyalty/receipts";
import type { CapUsage } from "./earning-rules";
import { capKey } from "./earning-rules";
import type { MemberLedgerState, StoreRef } from "./receipt-plan";
import type { NormalizedReceipt } from "./schemas";
import { LoyaltyError } from "./errors";
import { trimDecimal } from "./money";

/** Who acts and when; every ledger function takes one. */
export interface LoyaltyContext {
  actor: AuditActor;
  /** The ledger's clock (tests and the scheduler pass it); defaults to the current time. */
  now?: Date;
  /** The program to book in; defaults to the default program. */
  programId?: string;
}

/** Receipts and returns also carry their source: the API key's or import's channel name, part of the receipt's identity. */
export interface ReceiptContextInput extends LoyaltyContext {
  source: string;
}

export function memberState(m: ContextMember, context: ReceiptContext): MemberLedgerState {
  const usage: CapUsage = new Map();
  for (const u of context.usage) if (u.memberId === m.id) usage.set(capKey(u.ruleId, u.period, u.start), u.points);
  return {
    id: m.id,
    externalId: m.externalId,
    birthMonth: m.birthMonth,
    tierId: m.tierId,
    hasSale: m.lastSales.length > 0,
    lastSales: m.lastSales.map((t) => new Date(t)),
    available: m.available,
    pending: m.pending,
    debt: m.debt,
    window: { points: m.windowPoints, spend: m.windowSpend },
    usage,
    boosts: context.boosts
      .filter((b) => b.memberId === m.id)
      .map((b) => ({ redemptionId: b.redemptionId, factor: trimDecimal(b.factor), from: new Date(b.from), until: new Date(b.until) })),
    delta: { available: 0, pending: 0, debt: 0, earned: 0 },
    tierChanged: false,
    touched: false,
  };
}

/**
 * The store a receipt books to: its store code, else (online and app) the program's online store. Till
 * receipts need a physical store and online and app receipts an online one, in the receipt's currency.
 */
export function resolveStore(receipt: Pick<NormalizedReceipt, "storeCode" | "channel" | "currency">, config: ProgramConfig, context: ReceiptContext): StoreRef {
  let store: StoreRef | undefined;
  if (receipt.storeCode !== null) {
    store = context.stores.find((s) => s.code === receipt.storeCode);
    if (!store) throw new LoyaltyError("unknown_store", `storeCode: no store with code "${receipt.storeCode}"`, { storeCode: ["no such store"] });
  } else {
    const onlineId = config.onlineStoreId ?? (context.onlineStores?.length === 1 ? context.onlineStores[0] : undefined);
    store = context.stores.find((s) => s.id === onlineId);
    if (!store) {
      throw new LoyaltyError("ambiguous_online_store", "storeCode: required, the program has no single online store to book to", { storeCode: ["is required"] });
    }
  }
  const wanted = receipt.channel === "pos" ? "physical" : "online";
  if (store.kind !== wanted) {
    throw new LoyaltyError("store_channel_mismatch", `storeCode: ${receipt.channel} receipts book to a store of kind ${wanted}, "${store.code}" is ${store.kind}`, {
      storeCode: [`must be a store of kind ${wanted} for channel ${receipt.channel}`],
    });
  }
  if (store.currency !== receipt.currency) {
    throw new LoyaltyError("store_currency_mismatch", `currency: store "${store.code}" books in ${store.currency}, not ${receipt.currency}`, {
      currency: [`must be ${store.currency}, the store's currency`],
    });
  }
  return store;
}

/** The member a receipt names, refused when unknown or erased. */
export function resolveMember(externalId: string, members: ReadonlyMap<string, MemberLedgerState>, statuses: ReadonlyMap<string, string>): MemberLedgerState {
  const member = members.get(externalId);
  if (!member) throw new LoyaltyError("unknown_member", `memberExternalId: no member "${externalId}"`, { memberExternalId: ["no such member"] });
  if (statuses.get(externalId) === "erased") throw new LoyaltyError("member_erased", `memberExternalId: member "${externalId}" was erased`, { memberExternalId: ["member was erased"] });
  return member;
}
