import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { MemberStatus } from "@/db/schema/enums";

const TONE = { active: "good", inactive: "warn", erased: "neutral" } as const;

export function MemberStatusBadge({ status }: { status: MemberStatus }) {
  const t = useTranslations("members.status");
  return <Badge tone={TONE[status]}>{t(status)}</Badge>;
}
