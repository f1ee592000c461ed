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
