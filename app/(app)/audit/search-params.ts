import { z } from "zod";

type RawParams = Record<string, string | string[] | undefined>;

// Each filter falls back on its own, so one bad value in a hand-edited URL keeps the others.
const text = z.string().trim().min(1).max(200).optional().catch(undefined);
const day = z.iso.date().optional().catch(undefined);

const auditQuerySchema = z.object({
  actor: z.guid().optional().catch(undefined),
  action: text,
  entityType: text,
  entityId: text,
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export type AuditQuery = z.infer<typeof auditQuerySchema>;

const first = (value: string | string[] | undefined) => {
  const v = Array.isArray(value) ? value[0] : value;
  return v === "" ? undefined : v;
};

export function parseAuditQuery(raw: RawParams): AuditQuery {
  return auditQuerySchema.parse(Object.fromEntries(Object.keys(auditQuerySchema.shape).map((key) => [key, first(raw[key])])));
}

export function auditHref(query: AuditQuery, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, page: page > 1 ? String(page) : undefined })) {
    if (value !== undefined && key !== "page") params.set(key, String(value));
  }
  if (page > 1) params.set("page", String(page));
  const s = params.toString();
  return s ? `/audit?${s}` : "/audit";
}

/** Days are whole UTC days; `to` is inclusive, so its bound is the start of the next day. */
export function dayBound(value: string | undefined, plusDays = 0): Date | undefined {
  if (!value) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + plusDays);
  return date;
}
