import type { StaffRole } from "@/db/schema/enums";

// A plain list for client components: importing the pgEnum would pull drizzle into the browser bundle.
export const STAFF_ROLES = ["admin", "marketer", "store_manager"] as const satisfies readonly StaffRole[];
