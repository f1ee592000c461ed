import { memberIdsByExternalId } from "@/db/queries/api-members";
import { memberInbox } from "@/db/queries/campaign-inbox";
import { inboxParamsSchema, inboxQuerySchema, inboxSchema } from "@/lib/api/schemas/campaigns";
import { apiRoute } from "@/lib/api/route";
import { AppError } from "@/lib/errors";

export const GET = apiRoute({
  method: "GET",
  path: "/members/{externalId}/inbox",
  tag: "Campaigns",
  summary: "A member's in-app inbox",
  description:
    "The campaign offers sent to a member through the in-app channel, newest first, each in the member's language with its " +
    "code and validity: what the app shows. No message is sent after the member withdraws in-app marketing consent. " +
    "Unknown and erased members: 404.",
  channels: ["app", "online", "pos"],
  input: { params: inboxParamsSchema, query: inboxQuerySchema },
  output: inboxSchema,
  errors: ["not_found"],
  examples: {
    response: {
      memberId: "6f1c2a9e-3b7d-4c55-9a51-2f0d3c4b5a61",
      messages: [
        {
          id: 1042,
          campaignId: "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f",
          locale: "de",
          subject: "Wir vermissen Sie, Anna",
          body: "20 % auf Tee mit dem Code 7K3QD-M9XAT-2HVRC, gültig bis 3. April.",
          offer: "20% off tea",
          code: "7K3QD-M9XAT-2HVRC",
          validUntil: "2025-04-03T00:00:00.000Z",
          sentAt: "2025-03-20T09:12:00.000Z",
          redeemed: false,
        },
      ],
    },
  },
  handler: async ({ params, query, db }) => {
    const memberId = (await memberIdsByExternalId(db, { externalIds: [params.externalId] })).get(params.externalId);
    const inbox = memberId ? await memberInbox(db, { memberId, limit: query.limit }) : null;
    if (!memberId || !inbox) throw new AppError("not_found", "No member with this external id.");
    return { memberId, messages: inbox };
  },
});
