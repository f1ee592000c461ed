import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import { getActiveStaffProfile, type StaffProfile } from "@/db/queries/staff";
import { auth } from "./auth";
import { can, scopeOf, type Permission, type Scope } from "./permissions";

export interface Viewer extends StaffProfile {
  scope: Scope;
  /** This sign-in's id (see auth.config.ts), for ending exactly this session on sign-out. */
  sessionId?: string;
}

/**
 * The signed-in staff member, read fresh from the database on every request: a role change or a
 * deactivation takes effect at once, not when the session cookie expires.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const sessionId = (session as { sessionId?: string }).sessionId;
  const profile = await getActiveStaffProfile(await getDb(), { id, sessionId });
  return profile ? { ...profile, scope: scopeOf(profile), sessionId } : null;
});

/** For pages: the viewer if they hold the permission; signed-out visitors go to /login, others to /forbidden. */
export async function requirePagePermission(permission: Permission): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect("/login");
  if (!can(viewer.role, permission)) redirect("/forbidden");
  return viewer;
}
