import type { ReactNode } from "react";

/** The frame, caption and header row of the settings pages' tables; rows come as children. */
export function AdminTable({ caption, columns, actionsLabel, children }: { caption: string; columns: readonly string[]; actionsLabel?: string; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-[var(--border)] bg-[var(--surface)] shadow-sm">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-[var(--border)] bg-[var(--surface-muted)] text-xs uppercase tracking-wide text-[var(--text-muted)]">
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col" className="whitespace-nowrap px-3 py-3 text-start font-medium">
                {column}
              </th>
            ))}
            {actionsLabel ? (
              <th scope="col" className="px-3 py-3">
                <span className="sr-only">{actionsLabel}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-[var(--border)]">{children}</tbody>
      </table>
    </div>
  );
}
