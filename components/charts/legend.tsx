/** The key of a chart's series (hidden from screen readers: the chart's data table names the series). */
export function ChartLegend({ items }: { items: readonly { key: string; label: string; color: string; dashed?: boolean; line?: boolean }[] }) {
  return (
    <ul className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-[var(--text-muted)]" aria-hidden>
      {items.map((item) => (
        <li key={item.key} className="inline-flex items-center gap-1.5">
          {item.line ? (
            <span className="inline-block w-4 border-t-2" style={{ borderColor: item.color, borderTopStyle: item.dashed ? "dashed" : "solid" }} />
          ) : (
            <span className="inline-block size-2.5 rounded-sm" style={{ background: item.color }} />
          )}
          {item.label}
        </li>
      ))}
    </ul>
  );
}
