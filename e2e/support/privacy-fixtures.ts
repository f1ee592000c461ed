/**
 * Members of the privacy spec's own: one whose consent it changes, one it exports and erases. They join in
 * the future (three days from now), so the overview's KPIs and their expectations count neither of them,
 * whether or not the privacy spec has erased one yet; they have no home store, so store managers never see them.
 */
import path from "node:path";
import { readFileSync, writeFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { selectRows } from "../../db/sql";

export const PRIVACY_FIXTURES_FILE = path.join(process.cwd(), ".data", "e2e-privacy.json");

export interface PrivacyFixtures {
  consentMember: { id: string; email: string };
  erasableMember: { id: string; email: string; lastName: string };
}

async function insertMember(db: Db, firstName: string, lastName: string, email: string): Promise<string> {
  const [row] = await selectRows<{ id: string }>(
    db,
    sql`INSERT INTO members (email, phone, first_name, last_name, postcode, city, country_code, locale, joined_at)
        VALUES (${email}, '+49 30 23125999', ${firstName}, ${lastName}, '10999', 'Berlin', 'DE', 'de', now() + interval '3 days') RETURNING id`,
  );
  const id = row!.id;
  await db.execute(sql`INSERT INTO member_identities (member_id, kind, value) VALUES (${id}, 'email', ${email})`);
  return id;
}

export async function writePrivacyFixtures(db: Db): Promise<void> {
  const stamp = Date.now().toString(36);
  const consentEmail = `connie.${stamp}@privacy-e2e.example`;
  const erasableEmail = `erin.${stamp}@privacy-e2e.example`;
  const erasableLastName = `Erasable${stamp}`;
  const fixtures: PrivacyFixtures = {
    consentMember: { id: await insertMember(db, "Connie", `Consent${stamp}`, consentEmail), email: consentEmail },
    erasableMember: { id: await insertMember(db, "Erin", erasableLastName, erasableEmail), email: erasableEmail, lastName: erasableLastName },
  };
  writeFileSync(PRIVACY_FIXTURES_FILE, JSON.stringify(fixtures, null, 2));
}

export function loadPrivacyFixtures(): PrivacyFixtures {
  return JSON.parse(readFileSync(PRIVACY_FIXTURES_FILE, "utf8")) as PrivacyFixtures;
}
