import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS } from "../db/seed/demo-users";
import { LoginPage } from "./pages/login-page";
import { loadExpectations } from "./support/expectations";

const expected = loadExpectations();

test.describe("store manager", () => {
  test.beforeEach(async ({ page }) => {
    await new LoginPage(page).signIn(expected.manager.email, DEMO_PASSWORD);
  });

  test("sees only members of their own stores in the member list, on every page visited", async ({ page }) => {
    await page.goto("/members");
    for (let visited = 0; visited < 3; visited++) {
      const rows = page.getByTestId("member-row");
      await expect(rows.first()).toBeVisible();
      const storeIds = await rows.evaluateAll((els) => els.map((el) => el.getAttribute("data-store-id")));
      expect(storeIds.length).toBeGreaterThan(0);
      for (const id of storeIds) expect(expected.manager.storeIds).toContain(id);
      const next = page.getByRole("link", { name: "Next" });
      if ((await next.count()) === 0) break;
      await next.click();
      await page.waitForLoadState("networkidle");
    }
  });

  test("opens their own store's member", async ({ page }) => {
    const response = await page.goto(`/members/${expected.manager.ownMemberId}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  });

  test("gets the not-found page for another store's member", async ({ page }) => {
    const response = await page.goto(`/members/${expected.manager.otherMemberId}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  });
});

test.describe("malformed ids", () => {
  test.beforeEach(async ({ page }) => {
    const marketer = DEMO_USERS.find((u) => u.role === "marketer")!;
    await new LoginPage(page).signIn(marketer.email, DEMO_PASSWORD);
  });

  for (const bad of ["not-a-uuid", "123", "00000000-0000-0000-0000-000000000000", "%27%20or%201%3D1--"]) {
    test(`/members/${bad} answers 404 with the not-found page, never a 500`, async ({ page }) => {
      const response = await page.goto(`/members/${bad}`);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    });
  }

  test("malformed list parameters fall back to defaults", async ({ page }) => {
    const response = await page.goto("/members?page=-3&pageSize=abc&sort=drop%20table&store=nope");
    expect(response?.status()).toBe(200);
  });
});
