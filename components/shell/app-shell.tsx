"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { LocaleSwitcher } from "./locale-switcher";
import type { NavItem } from "./nav";
import { ThemeToggle } from "./theme-toggle";

interface ShellProps {
  items: readonly NavItem[];
  user: { name: string; roleLabel: string };
  programName: string;
  signOut: () => Promise<unknown>;
  children: ReactNode;
}

export function AppShell({ items, user, programName, signOut, children }: ShellProps) {
  const t = useTranslations("common");
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const nav = (
    <nav aria-label={t("nav.main")} className="flex flex-col gap-1">
      {items.map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            onClick={() => setOpen(false)}
            className={cn(
              "rounded-md px-3 py-2 text-sm font-medium",
              active ? "bg-brand-50 text-brand-700 dark:bg-brand-700/30 dark:text-brand-50" : "text-[var(--text-muted)] hover:bg-[var(--surface-muted)]",
            )}
          >
            {t(`nav.${item.labelKey}`)}
          </Link>
        );
      })}
    </nav>
  );
  return (
    <div className="min-h-screen lg:grid lg:grid-cols-[15rem_1fr]">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:start-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2">
        {t("shell.skipToContent")}
      </a>
      <aside className="hidden border-e border-[var(--border)] bg-[var(--surface)] p-4 lg:block">
        <Brand programName={programName} />
        {nav}
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="flex items-center justify-between gap-3 border-b border-[var(--border)] bg-[var(--surface)] px-4 py-2.5">
          <button
            type="button"
            className="rounded-md border border-[var(--border)] px-2.5 py-1.5 text-sm lg:hidden"
            aria-expanded={open}
            aria-controls="mobile-nav"
            onClick={() => setOpen((v) => !v)}
          >
            {open ? t("shell.closeMenu") : t("shell.openMenu")}
          </button>
          <div className="ms-auto flex items-center gap-2">
            <LocaleSwitcher />
            <ThemeToggle />
            <span className="hidden text-end text-sm md:block">
              <span className="block font-medium">{user.name}</span>
              <span className="block text-xs text-[var(--text-muted)]" data-testid="viewer-role">
                {user.roleLabel}
              </span>
            </span>
            <form action={async () => void (await signOut())}>
              <button type="submit" className="rounded-md px-2.5 py-1.5 text-sm text-[var(--text-muted)] hover:bg-[var(--surface-muted)]">
                {t("shell.signOut")}
              </button>
            </form>
          </div>
        </header>
        {open ? (
          <div id="mobile-nav" className="border-b border-[var(--border)] bg-[var(--surface)] p-4 lg:hidden">
            {nav}
          </div>
        ) : null}
        <main id="main" className="mx-auto w-full max-w-7xl flex-1 p-4 md:p-6">
          {children}
        </main>
      </div>
    </div>
  );
}

function Brand({ programName }: { programName: string }) {
  return (
    <div className="mb-6 px-3">
      <p className="text-lg font-semibold tracking-tight text-brand-600 dark:text-brand-100">Loyalist</p>
      <p className="truncate text-xs text-[var(--text-muted)]">{programName}</p>
    </div>
  );
}
