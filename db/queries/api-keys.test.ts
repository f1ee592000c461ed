import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeStaff, makeStore } from "@/test/api";
import { openTestDatabase, uniqueTag } from "@/test/db";
import type { DbHandle } from "../client";
import { apiKeys, auditLog } from "../schema";
import { createApiKey, findApiKeyCredentials, listApiKeys, revokeApiKey, sourceFromName } from "./api-keys";

let handle: DbHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

const auditOf = (id: string) =>
  handle.db.select().from(auditLog).where(and(eq(auditLog.entityType, "api_key"), eq(auditLog.entityId, id))).orderBy(auditLog.id);

describe("API key administration", () => {
  it("creates a key whose row holds the secret's hash only, audited with who made it", async () => {
    const actor = await makeStaff(handle.db);
    const store = await makeStore(handle.db);
    const name = uniqueTag("Till key");
    const key = await createApiKey(handle.db, { name, channels: ["pos", "pos"], stores: [store.id], actor });
    const [row] = await handle.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row).toMatchObject({ name, publicId: key.publicId, channels: ["pos"], allStores: false, createdBy: actor.id, revokedAt: null });
    expect(JSON.stringify(row)).not.toContain(key.token.split("_").at(-1));

    const [entry] = await auditOf(key.id);
    expect(entry).toMatchObject({ actorKind: "staff", actorId: actor.id, action: "api_key.create" });
    expect(JSON.stringify(entry?.after)).not.toContain(key.token);

    const listed = (await listApiKeys(handle.db)).find((k) => k.id === key.id);
    expect(listed).toMatchObject({ name, source: sourceFromName(name), allStores: false, stores: [{ id: store.id, code: store.code }], lastUsedAt: null });
    const credentials = await findApiKeyCredentials(handle.db, { publicId: key.publicId });
    expect(credentials?.storeIds).toEqual([store.id]);
  });

  it("refuses unknown stores naming storeIds, and writes neither key nor audit entry", async () => {
    const actor = await makeStaff(handle.db);
    const name = uniqueTag("Bad key");
    await expect(createApiKey(handle.db, { name, channels: ["pos"], stores: ["00000000-0000-4000-8000-000000000000"], actor })).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { storeIds: expect.any(Array) },
    });
    await expect(createApiKey(handle.db, { name, channels: ["pos"], stores: [], actor })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await handle.db.select().from(apiKeys).where(eq(apiKeys.name, name))).toHaveLength(0);
  });

  it("revokes a key once, audited; revoking again changes nothing; an unknown id is not found", async () => {
    const actor = await makeStaff(handle.db);
    const key = await createApiKey(handle.db, { name: uniqueTag("k"), channels: ["app"], stores: "all", actor });
    await revokeApiKey(handle.db, { id: key.id, actor });
    await revokeApiKey(handle.db, { id: key.id, actor });
    const entries = await auditOf(key.id);
    expect(entries.map((e) => e.action)).toEqual(["api_key.create", "api_key.revoke"]);
    expect((await findApiKeyCredentials(handle.db, { publicId: key.publicId }))?.revokedAt).toBeInstanceOf(Date);
    await expect(revokeApiKey(handle.db, { id: "00000000-0000-4000-8000-000000000000", actor })).rejects.toMatchObject({ code: "not_found" });
    await expect(revokeApiKey(handle.db, { id: "nope", actor })).rejects.toMatchObject({ code: "not_found" });
  });

  it("derives a source from the name when none is given", () => {
    expect(sourceFromName("Berlin Tills (POS)")).toBe("berlin-tills-pos");
    expect(sourceFromName("Café Köln")).toBe("cafe-koln");
    expect(sourceFromName("!!!")).toBe("api");
  });
});
