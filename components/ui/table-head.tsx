import type { ReactNode } from "react";

/** The header row of a table inside a card: small capitals, numbers aligned to the end. */
export function TableHead({ columns }: { columns: ReadonlyArray<{ key: string; label: ReactNode; numeric?: boolean }> }) {
  return (
    <thead className="border-b border-[var(--border)] text-xs uppercase tracking-wide text-[var(--text-muted)]">
      <tr>
        {columns.map((c) => (
          <th key={c.key} scope="col" className={`px-3 py-2 font-medium ${c.numeric ? "text-end" : "text-start"}`}>
            {c.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
