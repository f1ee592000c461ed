"use client";

import { Cell, Pie, PieChart, Tooltip } from "recharts";

export interface CategorySlice {
  name: string;
  share: number;
  /** Formatted by the page: "45.00 €", "75 %". */
  amountLabel: string;
  shareLabel: string;
}

// Distinct hues that keep 3:1 against both the light and the dark card background.
const CATEGORY_COLOURS = ["#2f6fed", "#0f9d8a", "#d97706", "#c2410c", "#7c3aed", "#db2777", "#4d7c0f", "#64748b"];

/** A donut of the shares it is given, with a legend that doubles as the text alternative. */
export function CategoryMixChart({ slices, summary }: { slices: readonly CategorySlice[]; summary: string }) {
  return (
    <div className="flex flex-col items-center gap-4">
      <div role="img" aria-label={summary} className="h-40 w-40 shrink-0">
        <PieChart responsive accessibilityLayer={false} style={{ width: "100%", height: "100%" }}>
          <Pie data={slices.map((s) => ({ ...s }))} dataKey="share" nameKey="name" innerRadius="58%" outerRadius="100%" paddingAngle={1} isAnimationActive={false} stroke="var(--surface)">
            {slices.map((s, i) => (
              <Cell key={s.name} fill={CATEGORY_COLOURS[i % CATEGORY_COLOURS.length]} />
            ))}
          </Pie>
          <Tooltip
            contentStyle={{ background: "var(--surface)", border: "1px solid var(--border)", borderRadius: 8, color: "var(--text)" }}
            formatter={(_, name, item) => {
              const slice = item.payload as CategorySlice;
              return [`${slice.amountLabel} (${slice.shareLabel})`, name];
            }}
          />
        </PieChart>
      </div>
      <ul className="w-full space-y-1.5 text-sm">
        {slices.map((s, i) => (
          <li key={s.name} className="flex items-center gap-2">
            <span aria-hidden="true" className="size-3 shrink-0 rounded-sm" style={{ background: CATEGORY_COLOURS[i % CATEGORY_COLOURS.length] }} />
            <span className="min-w-0 flex-1 truncate">{s.name}</span>
            <span className="tabular text-[var(--text-muted)]">{s.amountLabel}</span>
            <span className="tabular w-12 text-end font-medium">{s.shareLabel}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
