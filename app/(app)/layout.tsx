import { connection } from "next/server";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { NAV_ITEMS } from "@/components/shell/nav";
import { getDb } from "@/db";
import { getProgramInfo } from "@/db/queries/program";
import { can } from "@/lib/auth/permissions";
import { getViewer } from "@/lib/auth/session";
import { signOutAction } from "./actions";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  await connection();
  const viewer = await getViewer();
  if (!viewer) redirect("/login");
  const [t, program] = await Promise.all([getTranslations("common"), getDb().then(getProgramInfo)]);
  const items = NAV_ITEMS.filter((item) => can(viewer.role, item.permission));
  return (
    <AppShell items={items} user={{ name: viewer.name, roleLabel: t(`roles.${viewer.role}`) }} programName={program.name} signOut={signOutAction}>
      {children}
    </AppShell>
  );
}
