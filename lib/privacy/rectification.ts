import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit, type AuditActor } from "@/db/queries/audit";
import { storeCondition } from "@/db/queries/scope";
import { selectRows } from "@/db/sql";
import type { Scope } from "@/lib/auth/permissions";
import { AppError, zodFieldErrors } from "@/lib/errors";
import { rectifyMemberSchema, type RectifyMemberInput } from "./schemas";

const FIELDS = {
  firstName: "first_name",
  lastName: "last_name",
  email: "email",
  phone: "phone",
  birthDate: "birth_date",
  postcode: "postcode",
  city: "city",
  countryCode: "country_code",
  locale: "locale",
} as const;
type Field = keyof typeof FIELDS;

/**
 * Corrects a member's profile (GDPR art. 16). Only fields whose value changes are written; the member's
 * e-mail identity follows a changed e-mail. The audit entry names the changed fields, not their values:
 * the audit log is append-only, so a value written there could never be erased.
 */
export async function rectifyMember(db: Db, input: RectifyMemberInput, ctx: { actor: AuditActor; scope: Scope }): Promise<{ changed: Field[] }> {
  const parsed = rectifyMemberSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors = zodFieldErrors(parsed.error, (path) => path.map(String).join("."));
    throw new AppError("invalid_input", `Please check: ${Object.keys(fieldErrors).join(", ")}.`, fieldErrors);
  }
  const { memberId, ...values } = parsed.data;
  return db.transaction(async (tx) => {
    const [current] = await selectRows<Record<string, string | null>>(
      tx,
      sql`SELECT m.status::text AS status, m.first_name, m.last_name, m.email, m.phone, m.birth_date::text AS birth_date, m.postcode, m.city,
                 m.country_code, m.locale::text AS locale
          FROM members m WHERE m.id = ${memberId} AND ${storeCondition(sql`m.home_store_id`, ctx.scope)} FOR UPDATE`,
    );
    if (!current) throw new AppError("not_found", "No such member.");
    if (current.status === "erased") throw new AppError("conflict", "This member was erased; there is nothing to correct.");
    const changed = (Object.keys(FIELDS) as Field[]).filter((f) => values[f] !== undefined && values[f] !== current[FIELDS[f]]);
    if (changed.length === 0) return { changed };
    const sets = changed.map((f) => sql`${sql.raw(FIELDS[f])} = ${values[f] ?? null}`);
    await tx.execute(sql`UPDATE members SET ${sql.join(sets, sql`, `)}, updated_at = now() WHERE id = ${memberId}`);
    if (changed.includes("email") && current.email) {
      await tx.execute(
        values.email
          ? sql`UPDATE member_identities SET value = ${values.email} WHERE member_id = ${memberId} AND kind = 'email' AND value = ${current.email}`
          : sql`DELETE FROM member_identities WHERE member_id = ${memberId} AND kind = 'email' AND value = ${current.email}`,
      );
    }
    await recordAudit(tx, { actor: ctx.actor, action: "member.rectify", entityType: "member", entityId: memberId, after: { changed } });
    return { changed };
  });
}
