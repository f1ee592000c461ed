import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

export interface TableColumn {
  key: string;
  label: ReactNode;
  /** Numbers line up at the end (right in LTR, left in RTL). */
  end?: boolean;
  className?: string;
}

/**
 * The bordered table every import view uses: caption for screen readers, one header row, body rows from
 * the caller. A `scrollLabel` makes the frame a focusable, labelled region of limited height, so a keyboard
 * can scroll a wide or long table (axe: scrollable-region-focusable).
 */
export function ImportTable({ caption, columns, scrollLabel, children }: { caption: string; columns: readonly TableColumn[]; scrollLabel?: string; children: ReactNode }) {
  return (
    <div
      tabIndex={scrollLabel ? 0 : undefined}
      role={scrollLabel ? "region" : undefined}
      aria-label={scrollLabel}
      className={cn(
        "overflow-x-auto rounded-xl border border-[var(--border)] bg-[var(--surface)] shadow-sm",
        scrollLabel && "max-h-[32rem] overflow-y-auto focus-visible:outline-2 focus-visible:outline-brand-500",
      )}
    >
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className={cn("border-b border-[var(--border)] bg-[var(--surface-muted)] text-xs text-[var(--text-muted)]", scrollLabel ? "sticky top-0" : "uppercase tracking-wide")}>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={cn("px-3 py-2 font-medium", c.end ? "text-end" : "text-start", c.className)}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-[var(--border)]">{children}</tbody>
      </table>
    </div>
  );
}
