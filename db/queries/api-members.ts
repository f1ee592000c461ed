import "server-only";
import { and, eq, inArray, ne, or, sql } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { MemberSummary, MemberUpsert } from "@/lib/api/schemas/members";
import type { Db } from "../client";
import { memberIdentities, members, stores } from "../schema";

export async function findStoreIdByCode(db: Db, params: { code: string }): Promise<string | null> {
  const [row] = await db.select({ id: stores.id }).from(stores).where(eq(stores.code, params.code)).limit(1);
  return row?.id ?? null;
}

/** Stores by code, for the codes that exist. */
export async function findStoresByCode(db: Db, params: { codes: readonly string[] }): Promise<Map<string, { id: string; kind: "physical" | "online" }>> {
  const codes = [...new Set(params.codes)];
  if (codes.length === 0) return new Map();
  const rows = await db.select({ id: stores.id, code: stores.code, kind: stores.kind }).from(stores).where(inArray(stores.code, codes));
  return new Map(rows.map((r) => [r.code, { id: r.id, kind: r.kind }]));
}

/** The ids of the stores of kind online (a program without its own online store books to the only one). */
export async function listOnlineStoreIds(db: Db): Promise<string[]> {
  const rows = await db.select({ id: stores.id }).from(stores).where(eq(stores.kind, "online")).limit(2);
  return rows.map((r) => r.id);
}

const PROFILE_FIELDS = ["email", "phone", "firstName", "lastName", "birthDate", "postcode", "city", "countryCode", "locale", "status"] as const;

/**
 * Creates the member with this external id, or updates the fields the caller sent (null clears one),
 * and adds its identities. Sending the same request twice leaves the same member: the upsert is keyed on
 * the unique external id. An identity that already names another member is refused (409) and nothing is
 * written. An erased member is never brought back (409).
 */
export async function upsertMemberByExternalId(
  db: Db,
  params: { member: MemberUpsert; homeStoreId: string | null | undefined; now: Date },
): Promise<{ id: string; externalId: string; created: boolean }> {
  const { member, homeStoreId, now } = params;
  const changes: Partial<typeof members.$inferInsert> = { updatedAt: now };
  for (const field of PROFILE_FIELDS) {
    if (member[field] !== undefined) Object.assign(changes, { [field]: member[field] });
  }
  if (homeStoreId !== undefined) changes.homeStoreId = homeStoreId;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(members)
      .values({ ...changes, externalId: member.externalId, joinedAt: member.joinedAt ? new Date(member.joinedAt) : now })
      .onConflictDoUpdate({ target: members.externalId, set: changes, setWhere: ne(members.status, "erased") })
      // xmax is 0 on a row this statement inserted and the updating transaction's id on one it updated.
      .returning({ id: members.id, externalId: members.externalId, created: sql<boolean>`(xmax = 0)` });
    if (!row) throw new AppError("conflict", "This member was erased and cannot be changed.", { externalId: ["Erased member."] });
    const identities = member.identities ?? [];
    if (identities.length > 0) {
      await tx
        .insert(memberIdentities)
        .values(identities.map((i) => ({ memberId: row.id, kind: i.kind, value: i.value })))
        .onConflictDoNothing();
      const owners = await tx
        .select({ kind: memberIdentities.kind, value: memberIdentities.value, memberId: memberIdentities.memberId })
        .from(memberIdentities)
        .where(or(...identities.map((i) => and(eq(memberIdentities.kind, i.kind), eq(memberIdentities.value, i.value)))));
      const fieldErrors: Record<string, string[]> = {};
      identities.forEach((identity, index) => {
        const owner = owners.find((o) => o.kind === identity.kind && o.value === identity.value);
        if (owner && owner.memberId !== row.id) fieldErrors[`identities.${index}.value`] = ["Already belongs to another member."];
      });
      if (Object.keys(fieldErrors).length > 0) throw new AppError("conflict", "An identity already belongs to another member.", fieldErrors);
    }
    return { id: row.id, externalId: row.externalId ?? member.externalId, created: row.created };
  });
}

/** A member as a till sees it; null when unknown or erased. */
export async function getMemberSummaryByExternalId(db: Db, params: { externalId: string }): Promise<MemberSummary | null> {
  const [row] = await db
    .select({
      id: members.id,
      externalId: members.externalId,
      firstName: members.firstName,
      status: members.status,
      homeStoreCode: stores.code,
      joinedAt: members.joinedAt,
    })
    .from(members)
    .leftJoin(stores, eq(stores.id, members.homeStoreId))
    .where(and(eq(members.externalId, params.externalId), ne(members.status, "erased")))
    .limit(1);
  if (!row || row.status === "erased") return null;
  return { ...row, externalId: row.externalId ?? params.externalId, status: row.status, joinedAt: row.joinedAt.toISOString() };
}

/** Member ids by external id, for the members that exist and are not erased. */
export async function memberIdsByExternalId(db: Db, params: { externalIds: readonly string[] }): Promise<Map<string, string>> {
  const ids = [...new Set(params.externalIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: members.id, externalId: members.externalId })
    .from(members)
    .where(and(inArray(members.externalId, ids), ne(members.status, "erased")));
  return new Map(rows.map((r) => [r.externalId ?? "", r.id]));
}
