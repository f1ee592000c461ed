/** Encodes one row for COPY ... WITH (FORMAT csv): NULL is an empty unquoted field, everything else quoted. */
export function encodeCsvRow(row: readonly unknown[]): string {
  let line = "";
  for (let i = 0; i < row.length; i++) {
    if (i > 0) line += ",";
    line += encodeCsvField(row[i]);
  }
  return line + "\n";
}

function encodeCsvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "t" : "f";
  const text = value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  return `"${text.replaceAll('"', '""')}"`;
}
