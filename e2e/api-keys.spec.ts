import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS } from "../db/seed/demo-users";
import { LoginPage } from "./pages/login-page";
import { expectNoSeriousA11yViolations } from "./support/axe";

const admin = DEMO_USERS.find((u) => u.role === "admin")!;
const marketer = DEMO_USERS.find((u) => u.role === "marketer")!;

test.describe("API keys (admin)", () => {
  test.beforeEach(async ({ page }) => {
    await new LoginPage(page).signIn(admin.email, DEMO_PASSWORD);
  });

  test("creates a key in the UI, uses it against the API, revokes it, and is then refused with 401", async ({ page }) => {
    await page.getByRole("link", { name: "API keys" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
    const name = `E2E till ${randomUUID().slice(0, 8)}`;
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Till (POS)").check();
    await page.getByRole("button", { name: "Create key" }).click();
    const secret = (await page.getByTestId("api-key-secret").textContent())?.trim() ?? "";
    expect(secret).toMatch(/^lk_live_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const publicId = secret.split("_")[2]!;

    const headers = { Authorization: `Bearer ${secret}` };
    // The demo program's first member; an upsert that sends no fields changes nothing the other specs
    // compare against (a new member would change the overview's member count).
    const externalId = "M0000001";
    const lookup = await page.request.get(`/api/v1/members/${externalId}`, { headers });
    expect(lookup.status()).toBe(200);
    const member = (await lookup.json()) as { id: string; externalId: string; status: string };
    expect(member).toMatchObject({ externalId, status: "active" });
    const upserted = await page.request.post("/api/v1/members", { headers: { ...headers, "Idempotency-Key": randomUUID() }, data: { externalId } });
    expect(upserted.status()).toBe(200);
    expect(await upserted.json()).toEqual({ id: member.id, externalId, created: false });

    // The list shows only the key's public part, and that it was used.
    await page.getByRole("button", { name: "Done" }).click();
    await page.reload();
    const row = page.locator(`[data-testid="api-key-row"][data-public-id="${publicId}"]`);
    await expect(row).toContainText(name);
    await expect(row).toContainText(`lk_live_${publicId}_…`);
    await expect(row).not.toContainText(secret);
    await expect(row).not.toContainText("Never");

    page.once("dialog", (dialog) => void dialog.accept());
    await row.getByRole("button", { name: "Revoke" }).click();
    await expect(row).toContainText("Revoked");
    const refused = await page.request.get(`/api/v1/members/${externalId}`, { headers });
    expect(refused.status()).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: "unauthorized" } });
  });

  test("a request without a key is refused with 401 and the error envelope", async ({ page }) => {
    const response = await page.request.post("/api/v1/events", { data: { events: [] } });
    expect(response.status()).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "unauthorized", message: expect.any(String) } });
  });

  test("adds a webhook endpoint and sees its signing secret once", async ({ page }) => {
    await page.goto("/settings/webhooks");
    const url = `https://hooks.example.com/${randomUUID().slice(0, 8)}`;
    await page.getByLabel("URL").fill(url);
    await page.getByLabel("Tier changed").check();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByTestId("webhook-secret")).toHaveText(/^whsec_[A-Za-z0-9_-]{43}$/);
    await expect(page.getByTestId("webhook-row").filter({ hasText: url })).toContainText("Tier changed");
  });

  test("the API keys and webhooks pages have no serious accessibility violations", async ({ page }) => {
    await page.goto("/settings/api-keys");
    await expectNoSeriousA11yViolations(page);
    await page.goto("/settings/webhooks");
    await expectNoSeriousA11yViolations(page);
  });
});

test.describe("API keys (marketer)", () => {
  test.beforeEach(async ({ page }) => {
    await new LoginPage(page).signIn(marketer.email, DEMO_PASSWORD);
  });

  test("cannot open the API keys or webhooks pages and has no link to them", async ({ page }) => {
    await expect(page.getByRole("link", { name: "API keys" })).toHaveCount(0);
    await page.goto("/settings/api-keys");
    await expect(page).toHaveURL(/\/forbidden/);
    await expect(page.getByRole("heading", { name: "No access" })).toBeVisible();
    await page.goto("/settings/webhooks");
    await expect(page).toHaveURL(/\/forbidden/);
  });

  test("reads the API documentation rendered from the OpenAPI document", async ({ page }) => {
    // One page with every operation and schema, then an axe scan of all of it: CI saw it pass 60 s on a loaded machine.
    test.slow();
    await page.getByRole("link", { name: "API docs" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "API documentation" })).toBeVisible();
    const operations = page.getByTestId("api-operation");
    // Operations are anchored by their operation id (/members/{externalId}/points also names /members/{externalId}).
    await expect(page.locator("#getMembersExternalId")).toContainText("Look up a member by external id");
    await expect(page.locator("#postEvents")).toContainText("events");
    const document = await page.request.get("/api/v1/openapi.json");
    const paths = Object.keys(((await document.json()) as { paths: Record<string, unknown> }).paths);
    for (const path of paths) await expect(operations.filter({ hasText: path }).first()).toBeVisible();
    await expect(page.getByTestId("api-webhook")).toHaveCount(4);
    await expect(page.getByTestId("api-webhook").filter({ hasText: "tier_changed" })).toContainText("toTier");
    await expectNoSeriousA11yViolations(page);
  });
});
