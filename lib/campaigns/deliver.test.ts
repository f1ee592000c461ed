import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { memberInbox } from "@/db/queries/campaign-inbox";
import { selectRows } from "@/db/sql";
import { grantConsent, makeCampaign, makeCampaignMembers, makeListSegment, makeOfferReward } from "@/test/campaigns";
import { openTestDatabase } from "@/test/db";
import { startSmtpCapture, type SmtpCapture } from "@/test/smtp-capture";
import { deliverDueCampaignMessages } from "./deliver";
import { launchWithEstimate } from "./launch";
import { mailTransportFromEnv } from "./mailer";

let handle: DbHandle;
let smtp: SmtpCapture;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

const launchNow = (campaignId: string, actor: { kind: "staff"; id: string }) => launchWithEstimate(handle.db, { campaignId, actor, actorIsAdmin: true });

/** Delivers with a transport to the capture server until nothing of this campaign is pending at `now`. */
async function deliver(campaignId: string, now: Date) {
  const transport = mailTransportFromEnv({ SMTP_URL: smtp.url });
  try {
    return await deliverDueCampaignMessages(handle.db, now, { transport, campaignId });
  } finally {
    transport?.close();
  }
}

async function messageStates(campaignId: string) {
  return selectRows<{ channel: string; status: string; n: number }>(
    handle.db,
    sql`SELECT m.channel, m.status, count(*)::int AS n FROM campaign_messages m JOIN campaign_recipients r ON r.id = m.recipient_id
         WHERE r.campaign_id = ${campaignId}::uuid GROUP BY 1, 2 ORDER BY 1, 2`,
  );
}

describe("delivery", () => {
  it("mails each treated member once, in their language (de, en, ar; pl falls back to English), and fills their in-app inbox", async () => {
    smtp = await startSmtpCapture();
    try {
      const members = await makeCampaignMembers(handle.db, 40, { locales: ["de", "en", "ar", "pl"] });
      const segmentId = await makeListSegment(handle.db, members.map((m) => m.id));
      const { id, actor } = await makeCampaign(handle.db, { segmentId, rewardIds: [await makeOfferReward(handle.db, 200), await makeOfferReward(handle.db, 300)] });
      const outcome = await launchNow(id, actor);
      const treated = await selectRows<{ member_id: string; code: string }>(handle.db, sql`SELECT member_id, code FROM campaign_recipients WHERE campaign_id = ${id}::uuid AND NOT control`);
      expect(treated).toHaveLength(outcome.run!.treated);
      await deliver(id, new Date());
      const mails = smtp.messages.filter((m) => treated.some((t) => m.text.includes(t.code)));
      expect(mails).toHaveLength(treated.length);
      for (const t of treated) {
        const member = members.find((m) => m.id === t.member_id)!;
        const mail = mails.find((m) => m.text.includes(t.code))!;
        expect(mail.to).toEqual([member.email]);
        const expected = { de: `Hallo ${member.firstName}, ein Angebot für Sie`, en: `Hello ${member.firstName}, an offer for you`, ar: `مرحبا ${member.firstName}، عرض لك`, pl: `Hello ${member.firstName}, an offer for you` };
        expect(mail.subject).toBe(expected[member.locale as keyof typeof expected]);
      }
      // Control members got nothing.
      const control = await selectRows<{ email: string }>(handle.db, sql`SELECT m.email FROM campaign_recipients r JOIN members m ON m.id = r.member_id WHERE r.campaign_id = ${id}::uuid AND r.control`);
      for (const c of control) expect(smtp.messages.some((m) => m.to.includes(c.email))).toBe(false);
      expect(await messageStates(id)).toEqual([
        { channel: "email", status: "sent", n: treated.length },
        { channel: "in_app", status: "sent", n: treated.length },
      ]);
      const inbox = await memberInbox(handle.db, { memberId: treated[0]!.member_id, limit: 10 });
      expect(inbox).toHaveLength(1);
      expect(inbox[0]!.code).toBe(treated[0]!.code);
    } finally {
      await smtp.close();
    }
  });

  it("retries a mail the server refused with 451 and delivers it once (2 mails, 2 Message-IDs, for 2 deliverable members); a 550 mailbox is given up at once", async () => {
    const members = await makeCampaignMembers(handle.db, 3, { consents: ["marketing_email"] });
    smtp = await startSmtpCapture({ rejectFirst: 1, rejectPermanently: [members[2]!.email] });
    try {
      const segmentId = await makeListSegment(handle.db, members.map((m) => m.id));
      const { id, actor } = await makeCampaign(handle.db, { segmentId, rewardIds: [await makeOfferReward(handle.db, 200)], channels: ["email"], overrides: { controlPercent: 0 } });
      await launchNow(id, actor);
      const first = await deliver(id, new Date());
      expect(first).toMatchObject({ attempted: 3, sent: 1, retrying: 1, dead: 1 });
      // The retry is due after its backoff (at most 30 s after the first failure).
      const second = await deliver(id, new Date(Date.now() + 60_000));
      expect(second).toMatchObject({ attempted: 1, sent: 1 });
      expect(await deliver(id, new Date(Date.now() + 120_000))).toMatchObject({ attempted: 0 });
      const ids = smtp.messages.map((m) => m.messageId);
      expect(ids).toHaveLength(2);
      expect(new Set(ids).size).toBe(2);
      expect(smtp.rejections.map((r) => r.responseCode).sort()).toEqual([451, 550]);
      expect(await messageStates(id)).toEqual([
        { channel: "email", status: "sent", n: 2 },
        { channel: "email", status: "dead", n: 1 },
      ]);
    } finally {
      await smtp.close();
    }
  });

  it("skips a member who withdrew e-mail consent between the launch and the sending", async () => {
    smtp = await startSmtpCapture();
    try {
      const members = await makeCampaignMembers(handle.db, 2, { consents: ["marketing_email"] });
      const segmentId = await makeListSegment(handle.db, members.map((m) => m.id));
      const { id, actor } = await makeCampaign(handle.db, { segmentId, rewardIds: [await makeOfferReward(handle.db, 200)], channels: ["email"], overrides: { controlPercent: 0 } });
      await launchNow(id, actor);
      await grantConsent(handle.db, [members[0]!.id], "marketing_email", "withdrawn");
      await deliver(id, new Date());
      expect(smtp.messages.map((m) => m.to[0])).toEqual([members[1]!.email]);
      expect(await messageStates(id)).toEqual([
        { channel: "email", status: "sent", n: 1 },
        { channel: "email", status: "skipped", n: 1 },
      ]);
    } finally {
      await smtp.close();
    }
  });

  it("queues one signed webhook per offer for the webhook channel, in the transaction that marks the message sent", async () => {
    const members = await makeCampaignMembers(handle.db, 4, { consents: ["marketing_push"] });
    const segmentId = await makeListSegment(handle.db, members.map((m) => m.id));
    const { id, actor } = await makeCampaign(handle.db, { segmentId, rewardIds: [await makeOfferReward(handle.db, 200)], channels: ["webhook"], overrides: { controlPercent: 0 } });
    const [endpoint] = await selectRows<{ id: string }>(
      handle.db,
      sql`INSERT INTO webhook_endpoints (url, events, secret_encrypted) VALUES ('http://127.0.0.1:9/hook', '{campaign_offer}', 'x') RETURNING id`,
    );
    await launchNow(id, actor);
    // Sent "ten years from now": the queued deliveries fall due then, so another test file's delivery pass on a
    // shared database never picks them up (nor counts them) while this endpoint is active.
    await deliverDueCampaignMessages(handle.db, new Date(Date.now() + 3_650 * 86_400_000), { transport: null, campaignId: id });
    const bodies = await selectRows<{ body: string }>(handle.db, sql`SELECT body FROM webhook_deliveries WHERE endpoint_id = ${endpoint!.id}::uuid`);
    expect(bodies).toHaveLength(4);
    const data = bodies.map((b) => (JSON.parse(b.body) as { data: { campaignId: string; memberId: string } }).data);
    expect(new Set(data.map((d) => d.memberId))).toEqual(new Set(members.map((m) => m.id)));
    expect(data.every((d) => d.campaignId === id)).toBe(true);
    await handle.db.execute(sql`UPDATE webhook_endpoints SET active = false WHERE id = ${endpoint!.id}::uuid`);
  });
});
