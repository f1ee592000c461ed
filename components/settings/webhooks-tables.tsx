import { useFormatter, useTranslations } from "next-intl";
import { setWebhookActiveAction } from "@/app/(app)/settings/webhooks/actions";
import { Badge } from "@/components/ui/badge";
import type { WebhookDeliveryRow, WebhookEndpointRow } from "@/db/queries/webhooks";
import { AdminTable } from "./admin-table";
import { ConfirmActionButton } from "./confirm-action-button";

const STATUS_TONE = { pending: "warn", delivered: "good", dead: "bad" } as const;

export function WebhookEndpointsTable({ endpoints }: { endpoints: readonly WebhookEndpointRow[] }) {
  const t = useTranslations("api.webhooks.list");
  const te = useTranslations("api.webhooks.events");
  const format = useFormatter();
  return (
    <AdminTable caption={t("caption")} columns={(["url", "events", "deliveries", "created", "status"] as const).map((c) => t(`columns.${c}`))} actionsLabel={t("columns.actions")}>
          {endpoints.map((e) => (
            <tr key={e.id} data-testid="webhook-row">
              <td className="px-3 py-3">
                <code className="block break-all text-xs" dir="ltr">
                  {e.url}
                </code>
                {e.description ? <span className="block text-xs text-[var(--text-muted)]">{e.description}</span> : null}
              </td>
              <td className="px-3 py-3">{e.events.map((ev) => te(ev)).join(", ")}</td>
              <td className="tabular whitespace-nowrap px-3 py-3">{t("counts", { delivered: e.counts.delivered, pending: e.counts.pending, dead: e.counts.dead })}</td>
              <td className="tabular whitespace-nowrap px-3 py-3">{format.dateTime(e.createdAt, { dateStyle: "medium" })}</td>
              <td className="px-3 py-3">{e.active ? <Badge tone="good">{t("active")}</Badge> : <Badge>{t("paused")}</Badge>}</td>
              <td className="px-3 py-3 text-end">
                <ConfirmActionButton
                  label={e.active ? t("pause") : t("resume")}
                  pendingLabel={t("saving")}
                  confirm={e.active ? t("pauseConfirm") : null}
                  failed={t("failed")}
                  run={setWebhookActiveAction.bind(null, { id: e.id, active: !e.active })}
                />
              </td>
            </tr>
          ))}
    </AdminTable>
  );
}

export function WebhookDeliveriesTable({ deliveries }: { deliveries: readonly WebhookDeliveryRow[] }) {
  const t = useTranslations("api.webhooks.deliveries");
  const te = useTranslations("api.webhooks.events");
  const format = useFormatter();
  const when = (date: Date) => format.dateTime(date, { dateStyle: "short", timeStyle: "short" });
  return (
    <AdminTable caption={t("caption")} columns={(["created", "event", "endpoint", "status", "attempts", "last"] as const).map((c) => t(`columns.${c}`))}>
          {deliveries.map((d) => (
            <tr key={d.id}>
              <td className="tabular whitespace-nowrap px-3 py-2">{when(d.createdAt)}</td>
              <td className="px-3 py-2">{te(d.eventType)}</td>
              <td className="max-w-64 truncate px-3 py-2 text-xs" dir="ltr">
                {d.endpointUrl}
              </td>
              <td className="px-3 py-2">
                <Badge tone={STATUS_TONE[d.status]}>{t(`status.${d.status}`)}</Badge>
              </td>
              <td className="tabular px-3 py-2">{d.attempts}</td>
              <td className="px-3 py-2 text-xs text-[var(--text-muted)]">
                {d.status === "pending" && d.attempts > 0 ? t("nextAttempt", { date: when(d.nextAttemptAt) }) : null}
                {d.lastError ? <span className="block" dir="ltr">{d.lastError}</span> : null}
              </td>
            </tr>
          ))}
    </AdminTable>
  );
}
