import { getMemberSummaryByExternalId } from "@/db/queries/api-members";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/api/route";
import { memberParamsSchema, memberSummarySchema } from "@/lib/api/schemas/members";

export const GET = apiRoute({
  method: "GET",
  path: "/members/{externalId}",
  tag: "Members",
  summary: "Look up a member by external id",
  description:
    "What a till needs to recognise a member: no contact details or birth date. Any key may look up any member, " +
    "since members shop beyond their home store.",
  input: { params: memberParamsSchema },
  output: memberSummarySchema,
  errors: ["not_found"],
  examples: {
    response: { id: "6f1c2a9e-3b7d-4c55-9a51-2f0d3c4b5a61", externalId: "M-100234", firstName: "Ada", status: "active", homeStoreCode: "BER-01", joinedAt: "2024-05-02T09:30:00.000Z" },
  },
  handler: async ({ params, db }) => {
    const member = await getMemberSummaryByExternalId(db, { externalId: params.externalId });
    if (!member) throw new AppError("not_found", "No member with this external id.");
    return member;
  },
});
