import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { CampaignStatus } from "@/db/schema/campaigns";

const TONES: Record<CampaignStatus, "neutral" | "good" | "warn" | "bad" | "brand"> = {
  draft: "neutral",
  awaiting_approval: "warn",
  scheduled: "brand",
  running: "good",
  paused: "warn",
  completed: "neutral",
  cancelled: "bad",
};

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const t = useTranslations("campaigns.statuses");
  return (
    <span data-testid="campaign-status" data-status={status}>
      <Badge tone={TONES[status]}>{t(status)}</Badge>
    </span>
  );
}
