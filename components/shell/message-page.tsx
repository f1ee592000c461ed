import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";

/** A full-width notice (not found, no access) with a way back. */
export function MessagePage({ title, body, backLabel, action }: { title: string; body: string; backLabel: string; action?: ReactNode }) {
  return (
    <div className="mx-auto flex max-w-lg flex-col items-center gap-4 py-24 text-center">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="text-[var(--text-muted)]">{body}</p>
      <div className="flex gap-2">
        {action}
        <Link href="/overview" className={buttonClass("secondary")}>
          {backLabel}
        </Link>
      </div>
    </div>
  );
}
