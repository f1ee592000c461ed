import { findStoreIdByCode, upsertMemberByExternalId } from "@/db/queries/api-members";
import { AppError } from "@/lib/errors";
import { apiRoute, reply } from "@/lib/api/route";
import { requireStore } from "@/lib/api/scope";
import { memberUpsertResultSchema, memberUpsertSchema } from "@/lib/api/schemas/members";

export const POST = apiRoute({
  method: "POST",
  path: "/members",
  tag: "Members",
  summary: "Create or update a member by external id",
  description:
    "Upserts on `externalId`: the first call creates the member (201), later calls update the fields sent (200). " +
    "A key limited to some stores may only set one of them as the home store.",
  input: { body: memberUpsertSchema },
  output: memberUpsertResultSchema,
  responses: { 200: "The member existed and was updated.", 201: "The member was created." },
  errors: ["forbidden", "conflict"],
  examples: {
    body: { externalId: "M-100234", firstName: "Ada", lastName: "Lovelace", email: "ada@example.com", homeStoreCode: "BER-01", identities: [{ kind: "loyalty_card", value: "6001002003" }] },
    response: { id: "6f1c2a9e-3b7d-4c55-9a51-2f0d3c4b5a61", externalId: "M-100234", created: true },
  },
  handler: async ({ body, key, db, now }) => {
    let homeStoreId: string | null | undefined = body.homeStoreCode === null ? null : undefined;
    if (body.homeStoreCode) {
      homeStoreId = await findStoreIdByCode(db, { code: body.homeStoreCode });
      if (!homeStoreId) throw new AppError("invalid_input", "Unknown store code.", { homeStoreCode: ["No store has this code."] });
      requireStore(key, homeStoreId, "homeStoreCode");
    }
    const member = await upsertMemberByExternalId(db, { member: body, homeStoreId, now });
    return member.created ? reply(201, member) : member;
  },
});
