import { useFormatter, useTranslations } from "next-intl";
import { revokeApiKeyAction } from "@/app/(app)/settings/api-keys/actions";
import { Badge } from "@/components/ui/badge";
import type { ApiKeyListRow } from "@/db/queries/api-keys";
import { maskedApiKey } from "@/lib/api/keys";
import { AdminTable } from "./admin-table";
import { ConfirmActionButton } from "./confirm-action-button";

export function ApiKeysTable({ keys }: { keys: readonly ApiKeyListRow[] }) {
  const t = useTranslations("api.keys.list");
  const tc = useTranslations("api.channels");
  const format = useFormatter();
  const when = (date: Date) => format.dateTime(date, { dateStyle: "medium", timeStyle: "short" });
  return (
    <AdminTable caption={t("caption")} columns={(["name", "channels", "stores", "created", "lastUsed", "status"] as const).map((c) => t(`columns.${c}`))} actionsLabel={t("columns.actions")}>
          {keys.map((key) => (
            <tr key={key.id} data-testid="api-key-row" data-public-id={key.publicId}>
              <td className="px-3 py-3">
                <span className="block font-medium">{key.name}</span>
                <code className="block text-xs text-[var(--text-muted)]" dir="ltr">
                  {maskedApiKey(key.publicId)}
                </code>
                <span className="block text-xs text-[var(--text-muted)]">{t("source", { source: key.source })}</span>
              </td>
              <td className="px-3 py-3">{key.channels.map((c) => tc(c)).join(", ")}</td>
              <td className="px-3 py-3">{key.allStores ? t("allStores") : key.stores.map((s) => s.name).join(", ")}</td>
              <td className="tabular whitespace-nowrap px-3 py-3">
                {when(key.createdAt)}
                {key.createdByName ? <span className="block text-xs text-[var(--text-muted)]">{key.createdByName}</span> : null}
              </td>
              <td className="tabular whitespace-nowrap px-3 py-3">{key.lastUsedAt ? when(key.lastUsedAt) : <span className="text-[var(--text-muted)]">{t("never")}</span>}</td>
              <td className="px-3 py-3">
                {key.revokedAt ? <Badge tone="bad">{t("revokedOn", { date: when(key.revokedAt) })}</Badge> : <Badge tone="good">{t("active")}</Badge>}
              </td>
              <td className="px-3 py-3 text-end">
                {key.revokedAt ? null : (
                  <ConfirmActionButton
                    label={t("revoke")}
                    pendingLabel={t("revoking")}
                    confirm={t("revokeConfirm", { name: key.name })}
                    failed={t("revokeFailed")}
                    run={revokeApiKeyAction.bind(null, { id: key.id })}
                  />
                )}
              </td>
            </tr>
          ))}
    </AdminTable>
  );
}
