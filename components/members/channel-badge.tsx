import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import type { SalesChannel } from "@/db/schema/enums";

// One colour per channel, readable in both themes, so a timeline can be scanned by channel at a glance.
const TONE: Record<SalesChannel, string> = {
  pos: "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-100",
  online: "bg-sky-100 text-sky-900 dark:bg-sky-900/50 dark:text-sky-100",
  app: "bg-violet-100 text-violet-900 dark:bg-violet-900/50 dark:text-violet-100",
};

export function ChannelBadge({ channel }: { channel: SalesChannel }) {
  const t = useTranslations("common.channels");
  return <span className={cn("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium", TONE[channel])}>{t(channel)}</span>;
}
