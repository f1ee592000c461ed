/**
 * Every way into the server, found by reading the code, must refuse a caller without a session and a role
 * without the permission. A new "use server" export or route handler that is not made with `defineAction`
 * or `staffRoute` (or listed below as public, with the reason) fails this test.
 *
 * The database is real; only next-auth's session lookup is replaced, by a session for a staff member this
 * test creates (next-auth reads its cookie through Next's request context, which a test does not have).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import bcrypt from "bcryptjs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setDatabaseForTests } from "@/db";
import type { DbHandle } from "@/db/client";
import { staffUsers } from "@/db/schema";
import type { StaffRole } from "@/db/schema/enums";
import { openTestDatabase, uniqueTag } from "@/test/db";
import { permissionOfAction } from "./action";
import { PERMISSIONS, type Permission } from "./permissions";
import { permissionOfStaffRoute } from "./route";

const session = vi.hoisted(() => ({ current: null as { user: { id: string } } | null }));
vi.mock("@/lib/auth/auth", () => ({
  auth: async () => session.current,
  signIn: async () => undefined,
  signOut: async () => undefined,
  handlers: {},
}));

/** Entry points anyone may call, each with the reason. Everything else needs a session and a permission. */
const PUBLIC_ENTRY_POINTS: Record<string, string> = {
  "app/(auth)/login/actions.ts#loginAction": "signing in; throttled per account and address in lib/auth/auth.ts",
  "app/(auth)/set-password/actions.ts#setPasswordAction": "setting a password from an invitation or reset link; the one-time token is the credential",
  "app/api/v1/openapi.json/route.ts#GET": "the public API's own description (no data)",
  "app/api/auth/[...nextauth]/route.ts#GET": "next-auth's own endpoints (CSRF token, session, callbacks)",
  "app/api/auth/[...nextauth]/route.ts#POST": "next-auth's own endpoints (credentials sign-in, sign-out)",
};

const ROOT = path.resolve(import.meta.dirname, "../..");
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const ROLES: readonly StaffRole[] = ["admin", "marketer", "store_manager"];

function sourceFiles(): string[] {
  return (readdirSync(path.join(ROOT, "app"), { recursive: true }) as string[])
    .filter((file) => /\.(ts|tsx)$/.test(file) && !file.endsWith(".test.ts"))
    .map((file) => path.join("app", file));
}

function isServerActionModule(file: string): boolean {
  const head = readFileSync(path.join(ROOT, file), "utf8").trimStart();
  return head.startsWith('"use server"') || head.startsWith("'use server'");
}

const actionModules = sourceFiles().filter(isServerActionModule);
const routeModules = sourceFiles().filter((file) => path.basename(file) === "route.ts");

/** The names a module exports, read from its source (to skip importing modules that are wholly public). */
function exportedNames(file: string): string[] {
  const source = readFileSync(path.join(ROOT, file), "utf8");
  const names = [...source.matchAll(/export\s+(?:async\s+)?(?:function|const|let)\s+(\w+)/g)].map((m) => m[1]!);
  for (const m of source.matchAll(/export\s+(?:const\s+)?\{([^}]*)\}/g)) names.push(...m[1]!.split(",").map((n) => n.trim().split(/\s+as\s+/).pop()!).filter(Boolean));
  return names;
}

function whollyPublic(file: string): boolean {
  const names = exportedNames(file);
  return names.length > 0 && names.every((name) => PUBLIC_ENTRY_POINTS[`${file}#${name}`]);
}

async function load(file: string): Promise<Record<string, unknown>> {
  return (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, unknown>;
}

let handle: DbHandle;
const staffIdByRole = new Map<StaffRole, string>();

beforeAll(async () => {
  handle = await openTestDatabase();
  setDatabaseForTests(handle);
  const passwordHash = await bcrypt.hash(uniqueTag("pw"), 4);
  for (const role of ROLES) {
    const [row] = await handle.db
      .insert(staffUsers)
      .values({ email: `${uniqueTag(role)}@entry-points.test`, name: `Entry ${role}`, role, passwordHash })
      .returning({ id: staffUsers.id });
    staffIdByRole.set(role, row!.id);
  }
});

afterAll(async () => handle.close());

function signInAs(role: StaffRole | null): void {
  session.current = role ? { user: { id: staffIdByRole.get(role)! } } : null;
}

/** Handlers made by `apiRoute` (lib/api/route.ts) carry their OpenAPI description as `.spec`. */
function isApiRoute(value: unknown): boolean {
  return typeof value === "function" && "spec" in value && typeof (value as { spec: unknown }).spec === "object";
}

function rolesWithout(permission: Permission): StaffRole[] {
  const allowed = PERMISSIONS[permission] as readonly StaffRole[];
  return ROLES.filter((role) => !allowed.includes(role));
}

describe("the code's entry points are found", () => {
  it("finds the server action modules and route handlers", () => {
    expect(actionModules).toContain(path.join("app", "(app)", "actions.ts"));
    expect(routeModules.length).toBeGreaterThan(0);
  });

  it("lists only public entry points that still exist", async () => {
    for (const key of Object.keys(PUBLIC_ENTRY_POINTS)) {
      const [file, name] = key.split("#") as [string, string];
      expect(actionModules.includes(file) || routeModules.includes(file), key).toBe(true);
      expect(readFileSync(path.join(ROOT, file), "utf8"), key).toContain(name);
    }
  });
});

describe("server actions", () => {
  for (const file of actionModules) {
    it(`${file}: every export is a guarded action that refuses the signed-out and the wrong roles`, async () => {
      if (whollyPublic(file)) return;
      const exports = await load(file);
      for (const [name, value] of Object.entries(exports)) {
        const key = `${file}#${name}`;
        if (PUBLIC_ENTRY_POINTS[key]) continue;
        const permission = permissionOfAction(value);
        expect(permission, `${key} is not made with defineAction and is not listed as public`).toBeDefined();
        const action = value as (input?: Record<string, unknown>) => Promise<{ ok: boolean; code?: string }>;

        signInAs(null);
        expect(await action({}), `${key} signed out`).toMatchObject({ ok: false, code: "unauthorized" });
        if (permission === "signed_in") continue;
        for (const role of rolesWithout(permission!)) {
          signInAs(role);
          expect(await action({}), `${key} as ${role}`).toMatchObject({ ok: false, code: "forbidden" });
        }
      }
    });
  }
});

describe("route handlers", () => {
  for (const file of routeModules) {
    it(`${file}: every method is guarded and refuses the signed-out and the wrong roles`, async () => {
      if (whollyPublic(file)) return;
      const exports = await load(file);
      for (const method of HTTP_METHODS) {
        const value = exports[method];
        const key = `${file}#${method}`;
        if (value === undefined || PUBLIC_ENTRY_POINTS[key]) continue;
        const handler = value as (request: Request, context: unknown) => Promise<Response>;
        const call = () => handler(new Request("http://localhost/", { method }), { params: Promise.resolve({}) });
        if (isApiRoute(value)) {
          // The public API answers to API keys, not staff sessions: no key (or a staff session) gets 401. What
          // a key's channel and store scope allow is tested route by route (app/api/v1/**/*.test.ts).
          for (const role of [null, "admin"] as const) {
            signInAs(role);
            expect((await call()).status, `${key} without an API key, session ${role ?? "none"}`).toBe(401);
          }
          continue;
        }
        const permission = permissionOfStaffRoute(value);
        expect(permission, `${key} is not made with staffRoute or apiRoute and is not listed as public`).toBeDefined();

        signInAs(null);
        expect((await call()).status, `${key} signed out`).toBe(401);
        for (const role of rolesWithout(permission!)) {
          signInAs(role);
          expect((await call()).status, `${key} as ${role}`).toBe(403);
        }
      }
    });
  }
});

describe("pages", () => {
  it("every page in the signed-in app asks for a permission", () => {
    const exempt = new Set([path.join("app", "(app)", "forbidden", "page.tsx")]);
    const pages = sourceFiles().filter((file) => file.startsWith(path.join("app", "(app)")) && path.basename(file) === "page.tsx");
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) {
      if (exempt.has(page)) continue;
      expect(readFileSync(path.join(ROOT, page), "utf8"), page).toMatch(/requirePagePermission\(/);
    }
  });
});
