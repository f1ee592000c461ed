import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";

export interface KpiChange {
  direction: "up" | "down" | "flat";
  /** Short visible text, e.g. "+12.5 %" or "+3.1 pts". */
  text: string;
  /** The whole sentence for screen readers, e.g. "Up 12.5 % on the previous period". */
  description: string;
}

export interface KpiCardFigures {
  /** The raw figure for tests and tools: minor units for money, 0..1 for a rate, empty when none. */
  value: number | null;
  display: string;
  change: KpiChange | null;
  /** Shown when there is no change to show. */
  noChange: string;
  previous: string;
}

interface Props extends KpiCardFigures {
  testId: string;
  label: string;
  hint: string;
}

const TONE = {
  up: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900/50 dark:text-emerald-100",
  down: "bg-red-100 text-red-900 dark:bg-red-900/50 dark:text-red-100",
  flat: "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-100",
} as const;

const ARROW = { up: "↑", down: "↓", flat: "–" } as const;

/** One headline figure with its change against the previous period. */
export function KpiCard({ testId, label, value, display, change, noChange, previous, hint }: Props) {
  return (
    <Card className="flex min-w-0 flex-col gap-1.5 p-4">
      <h3 className="text-sm font-medium text-[var(--text-muted)]">{label}</h3>
      <p className="tabular truncate text-2xl font-semibold tracking-tight xl:text-3xl" data-testid={testId} data-value={value ?? ""}>
        {display}
      </p>
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs">
        {change ? (
          <span
            className={cn("tabular inline-flex items-center gap-1 rounded-full px-2 py-0.5 font-medium", TONE[change.direction])}
            data-testid={`${testId}-change`}
          >
            <span aria-hidden>{ARROW[change.direction]}</span>
            <span aria-hidden>{change.text}</span>
            <span className="sr-only">{change.description}</span>
          </span>
        ) : (
          <span className="text-[var(--text-muted)]">{noChange}</span>
        )}
        <span className="tabular text-[var(--text-muted)]">{previous}</span>
      </div>
      <p className="mt-auto pt-1 text-xs text-[var(--text-muted)]">{hint}</p>
    </Card>
  );
}
