import { useId, type ReactNode } from "react";

export interface ChartTable {
  caption: string;
  columns: readonly string[];
  rows: readonly { key: string; cells: readonly string[] }[];
}

/**
 * The accessible shell of every chart. The drawing is one image with a name and a description (recharts'
 * own keyboard layer is switched off by the charts, so nothing inside it takes focus); the figures
 * themselves are in a table that screen readers read and sighted users do not see.
 */
export function ChartFrame({
  label,
  description,
  table,
  height,
  children,
}: {
  label: string;
  description?: string;
  table?: ChartTable;
  height: number;
  children: ReactNode;
}) {
  const descriptionId = useId();
  return (
    <figure className="m-0">
      {/* SVG text anchors follow the writing direction: kept left-to-right so that axis labels stay outside the
          plot in Arabic too (the charts mirror their axes themselves). */}
      <div
        role="img"
        aria-label={label}
        aria-describedby={description ? descriptionId : undefined}
        style={{ height }}
        className="w-full [&_svg]:[direction:ltr]"
      >
        {children}
      </div>
      {description ? (
        <p id={descriptionId} className="sr-only">
          {description}
        </p>
      ) : null}
      {table ? (
        // The wrapper hides the table: a table ignores the 1px box of `sr-only` and would stretch the page.
        <div className="sr-only">
          <table>
            <caption>{table.caption}</caption>
            <thead>
              <tr>
                {table.columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr key={row.key}>
                  {row.cells.map((cell, i) =>
                    i === 0 ? (
                      <th key={i} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={i}>{cell}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </figure>
  );
}

/** Theme-aware colours for axes, grid and tooltips (CSS variables from app/globals.css). */
export const CHART_THEME = {
  grid: "var(--border)",
  axis: "var(--text-muted)",
  tooltip: "rounded-lg border border-[var(--border)] bg-[var(--surface)] px-3 py-2 text-xs text-[var(--text)] shadow-lg",
} as const;

/** The tooltip of a chart's point: its full label, then a line per series with its key mark and value. */
export function ChartTooltip({
  title,
  items,
  total,
}: {
  title: string;
  items: readonly { key: string; label: string; color: string; value: string; line?: boolean }[];
  total?: { label: string; value: string };
}) {
  return (
    <div className={CHART_THEME.tooltip}>
      <p className="mb-1 font-medium">{title}</p>
      <ul className="space-y-0.5">
        {items.map((item) => (
          <li key={item.key} className="flex items-center gap-2">
            <span aria-hidden className={item.line ? "inline-block h-0.5 w-3" : "inline-block size-2.5 rounded-sm"} style={{ background: item.color }} />
            <span className="text-[var(--text-muted)]">{item.label}</span>
            <span className="tabular ms-auto ps-3 font-medium">{item.value}</span>
          </li>
        ))}
        {total ? (
          <li className="flex gap-2 border-t border-[var(--border)] pt-0.5 font-medium">
            <span>{total.label}</span>
            <span className="tabular ms-auto ps-3">{total.value}</span>
          </li>
        ) : null}
      </ul>
    </div>
  );
}
