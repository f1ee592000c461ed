import { Card } from "@/components/ui/card";

/** Placeholder while a section's figures load; announced once by the busy region around it. */
export function SectionSkeleton({ cards, charts }: { cards: number; charts: number }) {
  return (
    <div className="animate-pulse space-y-4" aria-hidden>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {Array.from({ length: cards }, (_, i) => (
          <Card key={i} className="h-32 p-4">
            <div className="h-3 w-24 rounded bg-[var(--surface-muted)]" />
            <div className="mt-4 h-7 w-32 rounded bg-[var(--surface-muted)]" />
            <div className="mt-4 h-3 w-40 rounded bg-[var(--surface-muted)]" />
          </Card>
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        {Array.from({ length: charts }, (_, i) => (
          <Card key={i} className={i === 0 ? "h-80 lg:col-span-2" : "h-80"}>
            <div className="h-3 w-40 rounded bg-[var(--surface-muted)]" />
          </Card>
        ))}
      </div>
    </div>
  );
}
