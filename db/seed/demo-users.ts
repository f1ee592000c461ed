import type { StaffRole } from "../schema/enums";

/** The one password of every demo account; printed on the sign-in page of a demo program. */
export const DEMO_PASSWORD = "loyalist-demo";

export interface DemoUser {
  email: string;
  name: string;
  role: StaffRole;
  /** Codes of the stores a store manager reaches (untagged); empty for roles that reach every store. */
  storeCodes: readonly string[];
  password: string;
}

/**
 * The demo staff. Kept free of imports beyond types so the sign-in page and the e2e specs can import the
 * list without pulling the generator (or bcrypt) into their bundles.
 */
export const DEMO_USERS: readonly DemoUser[] = [
  { email: "admin@demo.loyalist.dev", name: "Ada Admin", role: "admin", storeCodes: [], password: DEMO_PASSWORD },
  { email: "marketer@demo.loyalist.dev", name: "Mia Marketer", role: "marketer", storeCodes: [], password: DEMO_PASSWORD },
  {
    email: "manager.berlin@demo.loyalist.dev",
    name: "Bernd Berlin",
    role: "store_manager",
    storeCodes: ["BER-01", "BER-02"],
    password: DEMO_PASSWORD,
  },
  {
    email: "manager.stockholm@demo.loyalist.dev",
    name: "Stina Stockholm",
    role: "store_manager",
    storeCodes: ["STO-01"],
    password: DEMO_PASSWORD,
  },
];

/** A demo user's e-mail in a tagged run, which shares its database with other data. */
export function demoUserEmail(user: DemoUser, tag: string | undefined): string {
  return tag ? `${tag}.${user.email}` : user.email;
}
