import "server-only";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { CampaignInput } from "@/lib/campaigns/schemas";
import { templateIssues } from "@/lib/campaigns/template";
import type { CampaignTemplates } from "@/lib/campaigns/types";
import { AppError } from "@/lib/errors";
import { decimalToMinor } from "@/lib/loyalty/money";
import type { Db } from "../client";
import { campaigns, campaignVariants, loyaltyPrograms, rewards, segments, type CampaignStatus } from "../schema";
import type { Currency } from "../schema/enums";
import { selectRows } from "../sql";
import { recordAudit, type AuditActor } from "./audit";
import { isUuid } from "./scope";

export interface CampaignVariantView {
  id: string;
  position: number;
  name: string;
  rewardId: string;
  rewardName: string;
  rewardKind: string;
  costMinor: number;
  validDays: number;
}

export interface CampaignDetail {
  id: string;
  name: string;
  goal: CampaignInput["goal"];
  status: CampaignStatus;
  segmentId: string | null;
  segmentName: string | null;
  modelScore: CampaignInput["modelScore"];
  modelTopN: number | null;
  modelThreshold: number | null;
  excludeRecentDays: number | null;
  excludeOtherControls: boolean;
  controlPercent: number;
  maxRecipients: number | null;
  budgetMinor: number | null;
  spentMinor: number;
  currency: Currency;
  capOffers: number | null;
  capDays: number | null;
  schedule: CampaignInput["schedule"];
  startsAt: Date | null;
  recurDays: number | null;
  endsAt: Date | null;
  nextRunAt: Date | null;
  sendTime: CampaignInput["sendTime"];
  channels: CampaignInput["channels"];
  templates: CampaignTemplates;
  attributionDays: number;
  marginPercent: number;
  allocation: CampaignInput["allocation"];
  minExplorationPercent: number;
  winnerVariantId: string | null;
  approvalRequired: boolean;
  approvedAt: Date | null;
  launchedAt: Date | null;
  completedAt: Date | null;
  version: number;
  createdAt: Date;
  variants: CampaignVariantView[];
}

/** The program's currency and approval threshold (the deployment's program, code `default`). */
export async function campaignProgram(db: Db): Promise<{ currency: Currency; approvalMinor: number }> {
  const [program] = await db
    .select({ currency: loyaltyPrograms.currency, approvalMinor: loyaltyPrograms.campaignApprovalMinor })
    .from(loyaltyPrograms)
    .where(eq(loyaltyPrograms.code, "default"));
  return program ?? { currency: "EUR", approvalMinor: 50_000 };
}

/**
 * Sets the approval threshold from an amount in the program currency's major units ("500.00"): a field
 * error naming `approvalThreshold` for anything else. Audited with the value before and after.
 */
export async function setCampaignApprovalThreshold(db: Db, params: { amount: string; actor: AuditActor }): Promise<{ approvalMinor: number }> {
  return db.transaction(async (tx) => {
    const before = await campaignProgram(tx);
    const parsed = decimalToMinor(params.amount, before.currency);
    if (!parsed.ok || parsed.minor < 0) {
      const message = parsed.ok ? "The threshold cannot be negative." : `The threshold ${parsed.message}.`;
      throw new AppError("invalid_input", message, { approvalThreshold: [message] });
    }
    await tx.update(loyaltyPrograms).set({ campaignApprovalMinor: parsed.minor, updatedAt: new Date() }).where(eq(loyaltyPrograms.code, "default"));
    await recordAudit(tx, { actor: params.actor, action: "campaign_settings.update", entityType: "loyalty_program", before: { approvalMinor: before.approvalMinor }, after: { approvalMinor: parsed.minor } });
    return { approvalMinor: parsed.minor };
  });
}

/** Field errors the schema cannot see: the templates' placeholders, the budget's format, the rewards. */
async function checkInput(db: Db, input: CampaignInput, currency: Currency): Promise<{ budgetMinor: number | null; templates: CampaignTemplates }> {
  const fieldErrors: Record<string, string[]> = {};
  const add = (path: string, message: string) => (fieldErrors[path] ??= []).push(message);
  let budgetMinor: number | null = null;
  if (input.budget !== null && input.budget !== "") {
    const parsed = decimalToMinor(input.budget, currency);
    if (!parsed.ok) add("budget", `The budget ${parsed.message}.`);
    else if (parsed.minor <= 0) add("budget", "The budget must be above zero.");
    else budgetMinor = parsed.minor;
  }
  const templates = { en: input.templates.en ?? { subject: "", body: "" }, ...input.templates } as CampaignTemplates;
  for (const issue of templateIssues(templates)) add(issue.path, issue.message);
  if (input.segmentId) {
    const [segment] = await db.select({ status: segments.status }).from(segments).where(eq(segments.id, input.segmentId));
    if (!segment || segment.status !== "active") add("segmentId", "This segment does not exist or is archived.");
  }
  const rewardIds = input.variants.map((v) => v.rewardId);
  const found = await db
    .select({ id: rewards.id, active: rewards.active, costCurrency: rewards.costCurrency })
    .from(rewards)
    .where(inArray(rewards.id, rewardIds));
  input.variants.forEach((variant, i) => {
    const reward = found.find((r) => r.id === variant.rewardId);
    if (!reward || !reward.active) add(`variants.${i}.rewardId`, "This reward does not exist or is inactive.");
    else if (reward.costCurrency !== currency) add(`variants.${i}.rewardId`, `This reward's cost is in ${reward.costCurrency}; the campaign counts in ${currency}.`);
  });
  if (Object.keys(fieldErrors).length > 0) throw new AppError("invalid_input", `Please check: ${Object.keys(fieldErrors).join(", ")}.`, fieldErrors);
  return { budgetMinor, templates };
}

function columnsOf(input: CampaignInput, budgetMinor: number | null, templates: CampaignTemplates) {
  return {
    name: input.name,
    goal: input.goal,
    segmentId: input.segmentId,
    modelScore: input.modelScore,
    modelTopN: input.modelTopN,
    modelThreshold: input.modelThreshold,
    excludeRecentDays: input.excludeRecentDays,
    excludeOtherControls: input.excludeOtherControls,
    controlPercent: input.controlPercent,
    maxRecipients: input.maxRecipients,
    budgetMinor,
    capOffers: input.capOffers,
    capDays: input.capDays,
    schedule: input.schedule,
    startsAt: input.schedule === "now" ? null : input.startsAt,
    recurDays: input.schedule === "recurring" ? input.recurDays : null,
    endsAt: input.endsAt,
    sendTime: input.sendTime,
    channels: [...new Set(input.channels)],
    templates,
    attributionDays: input.attributionDays,
    marginPercent: input.marginPercent,
    allocation: input.allocation === "personalized" ? "thompson" : input.allocation,
    personalized: input.allocation === "personalized",
    minExplorationPercent: input.minExplorationPercent,
  };
}

/**
 * Creates a draft, or replaces a draft's settings and offers when `id` is given. Only drafts change: a
 * launched campaign's settings are what its results are measured against. `version` refuses an edit made
 * on an older copy.
 */
export async function saveCampaignDraft(
  db: Db,
  params: { id?: string; version?: number; input: CampaignInput; actor: AuditActor },
): Promise<{ id: string; version: number }> {
  return db.transaction(async (tx) => {
    const { currency } = await campaignProgram(tx);
    const { budgetMinor, templates } = await checkInput(tx, params.input, currency);
    const values = columnsOf(params.input, budgetMinor, templates);
    let id: string;
    let version = 1;
    let before: unknown = null;
    if (params.id) {
      const current = await lockCampaign(tx, params.id);
      if (current.status !== "draft") throw new AppError("conflict", "Only a draft can be edited.");
      if (params.version !== undefined && params.version !== current.version) throw new AppError("conflict", "Someone else changed this campaign; reload to see their version.");
      before = current;
      version = current.version + 1;
      id = params.id;
      await tx.update(campaigns).set({ ...values, version, updatedAt: new Date() }).where(eq(campaigns.id, id));
      await tx.delete(campaignVariants).where(eq(campaignVariants.campaignId, id));
    } else {
      const createdBy = params.actor.kind === "staff" ? params.actor.id : null;
      const [row] = await tx.insert(campaigns).values({ ...values, currency, createdBy }).returning({ id: campaigns.id });
      id = row!.id;
    }
    await tx.insert(campaignVariants).values(params.input.variants.map((v, position) => ({ campaignId: id, position, name: v.name, rewardId: v.rewardId, validDays: v.validDays })));
    await recordAudit(tx, {
      actor: params.actor,
      action: params.id ? "campaign.update" : "campaign.create",
      entityType: "campaign",
      entityId: id,
      before,
      after: { ...values, variants: params.input.variants },
    });
    return { id, version };
  });
}

/** The campaign's row under a lock for the rest of the transaction (lifecycle steps, launches, redemptions). */
export async function lockCampaign(tx: Db, id: string): Promise<typeof campaigns.$inferSelect> {
  if (!isUuid(id)) throw new AppError("not_found", "No such campaign.");
  const [row] = await tx.select().from(campaigns).where(eq(campaigns.id, id)).for("update");
  if (!row) throw new AppError("not_found", "No such campaign.");
  return row;
}

export async function getCampaign(db: Db, params: { id: string }): Promise<CampaignDetail | null> {
  if (!isUuid(params.id)) return null;
  const [row] = await db
    .select({ campaign: campaigns, segmentName: segments.name })
    .from(campaigns)
    .leftJoin(segments, eq(segments.id, campaigns.segmentId))
    .where(eq(campaigns.id, params.id));
  if (!row) return null;
  const variants = await db
    .select({
      id: campaignVariants.id,
      position: campaignVariants.position,
      name: campaignVariants.name,
      rewardId: campaignVariants.rewardId,
      rewardName: rewards.name,
      rewardKind: rewards.kind,
      costMinor: rewards.costMinor,
      validDays: campaignVariants.validDays,
    })
    .from(campaignVariants)
    .innerJoin(rewards, eq(rewards.id, campaignVariants.rewardId))
    .where(eq(campaignVariants.campaignId, params.id))
    .orderBy(asc(campaignVariants.position));
  const c = row.campaign;
  return {
    id: c.id,
    name: c.name,
    goal: c.goal,
    status: c.status,
    segmentId: c.segmentId,
    segmentName: row.segmentName,
    modelScore: c.modelScore,
    modelTopN: c.modelTopN,
    modelThreshold: c.modelThreshold,
    excludeRecentDays: c.excludeRecentDays,
    excludeOtherControls: c.excludeOtherControls,
    controlPercent: c.controlPercent,
    maxRecipients: c.maxRecipients,
    budgetMinor: c.budgetMinor,
    spentMinor: c.spentMinor,
    currency: c.currency,
    capOffers: c.capOffers,
    capDays: c.capDays,
    schedule: c.schedule,
    startsAt: c.startsAt,
    recurDays: c.recurDays,
    endsAt: c.endsAt,
    nextRunAt: c.nextRunAt,
    sendTime: c.sendTime,
    channels: c.channels,
    templates: c.templates,
    attributionDays: c.attributionDays,
    marginPercent: c.marginPercent,
    allocation: c.personalized ? "personalized" : c.allocation,
    minExplorationPercent: c.minExplorationPercent,
    winnerVariantId: c.winnerVariantId,
    approvalRequired: c.approvalRequired,
    approvedAt: c.approvedAt,
    launchedAt: c.launchedAt,
    completedAt: c.completedAt,
    version: c.version,
    createdAt: c.createdAt,
    variants,
  };
}

export interface CampaignListRow {
  id: string;
  name: string;
  goal: CampaignInput["goal"];
  status: CampaignStatus;
  segmentName: string | null;
  treated: number;
  control: number;
  redeemed: number;
  launchedAt: Date | null;
  createdAt: Date;
}

/** Every campaign, newest first, with its reach so far. Aggregates only: any staff role may read them. */
export async function listCampaigns(db: Db, params: { status?: CampaignStatus } = {}): Promise<CampaignListRow[]> {
  const rows = await db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      goal: campaigns.goal,
      status: campaigns.status,
      segmentName: segments.name,
      launchedAt: campaigns.launchedAt,
      createdAt: campaigns.createdAt,
    })
    .from(campaigns)
    .leftJoin(segments, eq(segments.id, campaigns.segmentId))
    .where(params.status ? and(eq(campaigns.status, params.status)) : undefined)
    .orderBy(desc(campaigns.createdAt));
  if (rows.length === 0) return [];
  const counts = await selectRows<{ campaign_id: string; treated: number; control: number; redeemed: number }>(
    db,
    sql`SELECT campaign_id, count(*) FILTER (WHERE NOT control)::int AS treated, count(*) FILTER (WHERE control)::int AS control,
               count(redeemed_at)::int AS redeemed
          FROM campaign_recipients WHERE campaign_id IN ${rows.map((r) => r.id)} GROUP BY campaign_id`,
  );
  const byId = new Map(counts.map((c) => [c.campaign_id, c]));
  return rows.map((r) => ({ ...r, treated: byId.get(r.id)?.treated ?? 0, control: byId.get(r.id)?.control ?? 0, redeemed: byId.get(r.id)?.redeemed ?? 0 }));
}
