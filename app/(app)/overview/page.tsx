import { requirePagePermission } from "@/lib/auth/session";

export default async function OverviewPage() {
  await requirePagePermission("overview:view");
  return null;
}
