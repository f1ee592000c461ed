import { cn } from "@/components/ui/cn";

export interface FigureRow {
  key: string;
  label: string;
  values: readonly string[];
}

/** A small table of labelled figures: a row header, then right-aligned numbers (a chart's text alternative). */
export function FigureTable({ caption, captionHidden, columns, rows }: { caption: string; captionHidden?: boolean; columns: readonly string[]; rows: readonly FigureRow[] }) {
  return (
    <table className="w-full text-sm">
      <caption className={cn("mb-1 text-start text-xs font-medium text-[var(--text-muted)]", captionHidden && "sr-only")}>{caption}</caption>
      <thead className="text-xs text-[var(--text-muted)]">
        <tr>
          {columns.map((c, i) => (
            <th key={c} scope="col" className={cn("py-1 font-medium", i === 0 ? "text-start" : "text-end")}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-[var(--border)]">
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row" className="py-1.5 text-start font-normal">
              {r.label}
            </th>
            {r.values.map((v, i) => (
              <td key={i} className="tabular py-1.5 text-end">
                {v}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
