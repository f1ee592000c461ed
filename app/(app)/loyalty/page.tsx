import { redirect } from "next/navigation";
import { requirePagePermission } from "@/lib/auth/session";

/** /loyalty opens the earning rules. */
export default async function LoyaltyPage() {
  await requirePagePermission("loyalty:view");
  redirect("/loyalty/rules");
}
