export type DiffChange = "added" | "removed" | "changed" | "same";

export interface DiffLine {
  key: string;
  before: string | null;
  after: string | null;
  change: DiffChange;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function show(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The audit page's before/after view: one line per top-level key, marked by how it changed. */
export function auditDiff(before: unknown, after: unknown): DiffLine[] {
  if (before == null && after == null) return [];
  if (!isRecord(before) && !isRecord(after)) {
    const [b, a] = [show(before), show(after)];
    return [{ key: "value", before: b, after: a, change: lineChange(b, a) }];
  }
  const left = isRecord(before) ? before : {};
  const right = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])];
  return keys.map((key) => {
    const [b, a] = [show(left[key]), show(right[key])];
    return { key, before: b, after: a, change: key in left ? (key in right ? lineChange(b, a) : "removed") : "added" };
  });
}

function lineChange(before: string | null, after: string | null): DiffChange {
  if (before === after) return "same";
  if (before === null) return "added";
  if (after === null) return "removed";
  return "changed";
}
