import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import type { AuditRow } from "@/db/queries/privacy-audit-log";
import { auditDiff } from "@/lib/privacy/audit-diff";
import { cn } from "@/components/ui/cn";

const CHANGE_TONE = {
  added: "bg-emerald-50 dark:bg-emerald-950/40",
  removed: "bg-red-50 dark:bg-red-950/40",
  changed: "bg-amber-50 dark:bg-amber-950/40",
  same: "",
} as const;

function Diff({ before, after }: { before: unknown; after: unknown }) {
  const t = useTranslations("audit");
  const lines = auditDiff(before, after);
  if (lines.length === 0) return <span className="text-[var(--text-muted)]">—</span>;
  return (
    <details>
      <summary className="cursor-pointer text-[var(--text-muted)]">{t("changes", { count: lines.filter((l) => l.change !== "same").length })}</summary>
      <table className="mt-1 w-full text-xs">
        <thead className="text-[var(--text-muted)]">
          <tr>
            <th scope="col" className="pe-2 text-start font-medium">{t("field")}</th>
            <th scope="col" className="pe-2 text-start font-medium">{t("before")}</th>
            <th scope="col" className="text-start font-medium">{t("after")}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.key} className={CHANGE_TONE[line.change]} data-change={line.change}>
              <th scope="row" className="pe-2 text-start font-mono font-normal" dir="ltr">
                {line.key}
              </th>
              <td className="pe-2 break-all font-mono" dir="ltr">
                {line.before ?? "—"}
              </td>
              <td className="break-all font-mono" dir="ltr">
                {line.after ?? "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export function AuditTable({ rows }: { rows: AuditRow[] }) {
  const t = useTranslations("audit");
  const format = useFormatter();
  return (
    <div className="overflow-x-auto rounded-xl border border-[var(--border)] bg-[var(--surface)]">
      <table className="w-full text-sm">
        <caption className="sr-only">{t("caption")}</caption>
        <thead className="border-b border-[var(--border)] text-xs text-[var(--text-muted)]">
          <tr>
            <th scope="col" className="px-3 py-2 text-start font-medium">{t("columns.time")}</th>
            <th scope="col" className="px-3 py-2 text-start font-medium">{t("columns.actor")}</th>
            <th scope="col" className="px-3 py-2 text-start font-medium">{t("columns.action")}</th>
            <th scope="col" className="px-3 py-2 text-start font-medium">{t("columns.entity")}</th>
            <th scope="col" className="px-3 py-2 text-start font-medium">{t("columns.changes")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-[var(--border)]">
          {rows.map((row) => (
            <tr key={row.id} data-testid="audit-row" data-action={row.action} className="align-top">
              <td className="tabular whitespace-nowrap px-3 py-2">
                <time dateTime={row.createdAt.toISOString()}>{format.dateTime(row.createdAt, { dateStyle: "medium", timeStyle: "medium" })}</time>
              </td>
              <td className="px-3 py-2" data-testid="audit-actor">
                {row.actorName ?? t(`actorKinds.${row.actorKind}`)}
              </td>
              <td className="px-3 py-2 font-mono text-xs" dir="ltr">
                {row.action}
              </td>
              <td className={cn("px-3 py-2 text-xs")}>
                <span className="block text-[var(--text-muted)]">{row.entityType}</span>
                {row.entityType === "member" && row.entityId ? (
                  <Link href={`/members/${row.entityId}`} className="font-mono text-brand-600 hover:underline dark:text-brand-100" dir="ltr">
                    {row.entityId}
                  </Link>
                ) : (
                  <span className="font-mono" dir="ltr">
                    {row.entityId ?? "—"}
                  </span>
                )}
              </td>
              <td className="min-w-64 px-3 py-2 text-xs">
                <Diff before={row.before} after={row.after} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
