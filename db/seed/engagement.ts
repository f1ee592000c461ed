import type { EngagementChannel, EngagementType } from "../schema/enums";
import { DAY_MS } from "./calendar";
import type { MemberTraits } from "./generate";
import { secondOfDay, type ProgramPlan } from "./plan";
import type { Random } from "./random";

export interface GeneratedEvent {
  memberId: string;
  channel: EngagementChannel;
  type: EngagementType;
  occurredAtMs: number;
  /** JSON text, written as is to the jsonb column. */
  properties: string;
  source: string;
  externalId: string;
}

/** Engagement left after a member has lapsed: a stray e-mail open now and then, nothing more. */
const AFTER_LAPSE = 0.04;
/** Engagement at the very moment of lapsing, relative to the member's usual level. */
const AT_LAPSE = 0.1;

const SOURCE_OF: Record<EngagementChannel, string> = { app: "app", web: "web", email: "esp", social: "social", pos: "pos" };

interface EventKind {
  type: EngagementType;
  /** Events per year per purchase per year, given the member's traits. */
  rate: (m: MemberTraits) => number;
  channel: (m: MemberTraits, random: Random) => EngagementChannel;
}

const appShare = (m: MemberTraits) => m.channelMix[2] ?? 0;
const onlineShare = (m: MemberTraits) => m.channelMix[1] ?? 0;

/**
 * Rates are proportional to the member's purchase rate (engaged buyers look and click more), shaped by
 * the channels they use and their group's appetite for the app and social media. The constants put the
 * program at roughly one and a half events per transaction.
 */
const EVENT_KINDS: readonly EventKind[] = [
  { type: "app_open", rate: (m) => (m.hasApp ? 1.6 * appShare(m) * m.group.profile.appEngagement : 0), channel: () => "app" },
  {
    type: "product_view",
    rate: (m) => 0.5 * (appShare(m) * m.group.profile.appEngagement + onlineShare(m)),
    channel: (m, random) => (random.chance(appShare(m) / (appShare(m) + onlineShare(m) + 1e-9)) ? "app" : "web"),
  },
  { type: "page_view", rate: (m) => 0.5 * onlineShare(m), channel: () => "web" },
  { type: "email_open", rate: (m) => (m.hasEmail ? 0.25 : 0), channel: () => "email" },
  { type: "email_click", rate: (m) => (m.hasEmail ? 0.06 : 0), channel: () => "email" },
  { type: "social_like", rate: (m) => 0.06 * m.group.profile.socialEngagement, channel: () => "social" },
  { type: "social_share", rate: (m) => 0.015 * m.group.profile.socialEngagement, channel: () => "social" },
  { type: "review", rate: () => 0.015, channel: () => "web" },
];

function propertiesFor(type: EngagementType, plan: ProgramPlan, random: Random, day: number): string {
  if (type === "product_view" || type === "review") {
    const product = random.pick(plan.catalog.products);
    return type === "review" ? `{"sku":"${product.sku}","rating":${random.int(2, 5)}}` : `{"sku":"${product.sku}"}`;
  }
  if (type === "email_open" || type === "email_click") {
    const month = (plan.calendar.month[day] ?? 0) + 1;
    return `{"campaign":"newsletter-${String(month).padStart(2, "0")}"}`;
  }
  return "{}";
}

/**
 * A member's engagement events from joining to the end of the period. For a member who lapses, the
 * level fades linearly over the 60-90 days before the lapse (the signal a churn model should find) and
 * almost stops afterwards.
 */
export function simulateEngagement(plan: ProgramPlan, member: MemberTraits, lapsedAtMs: number | null, random: Random): GeneratedEvent[] {
  const { calendar } = plan;
  const events: GeneratedEvent[] = [];
  const push = (type: EngagementType, channel: EngagementChannel, at: number, day: number) =>
    events.push({
      memberId: member.id,
      channel,
      type,
      occurredAtMs: at,
      properties: propertiesFor(type, plan, random, day),
      source: SOURCE_OF[channel],
      externalId: `${member.externalId}-E${events.length + 1}`,
    });

  if (member.hasApp && member.joinedAtMs + 30_000 < calendar.endMs) push("app_signup", "app", member.joinedAtMs + 30_000, member.joinDay);

  const rates = EVENT_KINDS.map((kind) => kind.rate(member) * member.ratePerYear);
  const perDay = rates.reduce((s, r) => s + r, 0) / 365.25;
  if (perDay <= 0) return events;
  const lapsePosition = lapsedAtMs === null ? Infinity : (lapsedAtMs - calendar.startMs) / DAY_MS;
  const fadeDays = random.between(60, 90);
  let position = (member.joinedAtMs - calendar.startMs) / DAY_MS;
  for (;;) {
    position += random.exponential(perDay);
    if (position >= calendar.days) break;
    const untilLapse = lapsePosition - position;
    const level = untilLapse <= 0 ? AFTER_LAPSE : untilLapse < fadeDays ? AT_LAPSE + (1 - AT_LAPSE) * (untilLapse / fadeDays) : 1;
    if (level < 1 && !random.chance(level)) continue;
    const day = Math.floor(position);
    const at = calendar.localToUtcMs(member.homeStore.offsets, day, secondOfDay(random, plan.onlineHours));
    if (at <= member.joinedAtMs || at >= calendar.endMs) continue;
    const kind = EVENT_KINDS[random.weightedIndex(rates)];
    if (kind) push(kind.type, kind.channel(member, random), at, day);
  }
  return events;
}
