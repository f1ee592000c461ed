import "server-only";
import type { Db } from "../../client";
import { selectPrepared } from "./prepared";

/**
 * Every points writer serializes per member with loyalty_lock_members (migration 0007): the same advisory
 * locks the sale-links trigger takes (migration 0005), so a receipt's own insert does not wait on itself,
 * and two writers for one member cannot both read a balance and both spend it. Scheduled jobs lock the
 * members of one chunk at a time. Works on PGlite (a single connection) as on PostgreSQL.
 */
export async function lockMembers(db: Db, memberIds: readonly string[]): Promise<void> {
  if (memberIds.length === 0) return;
  await selectPrepared(db, { text: "select loyalty_lock_members($1::uuid[])", params: [`{${[...new Set(memberIds)].join(",")}}`] });
}

/** Locks the members named by their external ids (unknown ids are ignored). */
export async function lockMembersByExternalId(db: Db, externalIds: readonly string[]): Promise<void> {
  if (externalIds.length === 0) return;
  await selectPrepared(db, {
    text: "select loyalty_lock_members(array(select id from members where external_id = any(array(select jsonb_array_elements_text($1::jsonb)))))",
    params: [JSON.stringify([...new Set(externalIds)])],
  });
}
