/**
 * A tiny line of a series (a list row's trend), drawn as plain SVG so a table of many rows stays light and
 * renders on the server. Decorative beside the figure it trends; `label` names it for screen readers.
 */
export function Sparkline({ values, label, width = 96, height = 28 }: { values: readonly number[]; label: string; width?: number; height?: number }) {
  if (values.length < 2) return null;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const step = width / (values.length - 1);
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - ((v - min) / span) * (height - 4)).toFixed(1)}`).join(" ");
  return (
    // Time runs left to right in every language, as on the charts.
    <svg role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="overflow-visible text-brand-600 dark:text-brand-100" style={{ direction: "ltr" }}>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}
