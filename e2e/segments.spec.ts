import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS } from "../db/seed/demo-users";
import { LoginPage } from "./pages/login-page";
import { E2E_RULE, loadSegmentExpectations } from "./support/segments-fixture";

const expected = loadSegmentExpectations();
const marketer = DEMO_USERS.find((u) => u.role === "marketer")!;
const countUrl = (rule: unknown) => `/api/segments/count?rule=${encodeURIComponent(JSON.stringify(rule))}`;

test.describe("live segment size", () => {
  test("a marketer's count equals SQL over the same database, with shares and a profile", async ({ page }) => {
    await new LoginPage(page).signIn(marketer.email, DEMO_PASSWORD);
    const response = await page.request.get(`${countUrl(E2E_RULE)}&profile=1`);
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.size.count).toBe(expected.all);
    expect(body.size.count).toBeGreaterThan(0);
    expect(body.size.shareOfMembers).toBeCloseTo(body.size.count / body.size.total, 9);
    expect(body.profile.count).toBe(expected.all);
    const post = await page.request.post("/api/segments/count", { data: { rule: E2E_RULE } });
    expect((await post.json()).size.count).toBe(expected.all);
  });

  test("a bad rule answers 400 with the reason and its place", async ({ page }) => {
    await new LoginPage(page).signIn(marketer.email, DEMO_PASSWORD);
    const response = await page.request.get(countUrl({ all: [{ field: "spend_90d", op: "gt", value: "'; drop table members; --" }] }));
    expect(response.status()).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.message).toContain("all[0].value: must be a number");
    expect((await page.request.get("/api/segments/count?rule=%7Bnot%20json")).status()).toBe(400);
  });

  test("a store manager's count holds only their stores' members", async ({ page }) => {
    await new LoginPage(page).signIn(expected.manager.email, DEMO_PASSWORD);
    const body = await (await page.request.get(countUrl(E2E_RULE))).json();
    expect(body.size.count).toBe(expected.manager.count);
    expect(body.size.count).toBeLessThan(expected.all);
  });

  test("signed out, the count answers 401", async ({ request }) => {
    expect((await request.get(countUrl(E2E_RULE))).status()).toBe(401);
  });
});

test.describe("segment of one", () => {
  test("the member 360 page lists the saved segment the member is in, with its conditions ticked", async ({ page }) => {
    await new LoginPage(page).signIn(marketer.email, DEMO_PASSWORD);
    await page.goto(`/members/${expected.memberIn}`);
    const card = page.getByTestId("member-segments");
    const segment = card.locator(`[data-segment-id="${expected.segmentId}"]`);
    await expect(segment).toContainText(expected.segmentName);
    await expect(segment.getByRole("img", { name: "Holds" })).toHaveCount(3);
    await expect(segment).toContainText("Purchase (online): never");
  });

  test("a member outside the segment does not list it; a store manager sees it on their own member", async ({ page }) => {
    await new LoginPage(page).signIn(expected.manager.email, DEMO_PASSWORD);
    await page.goto(`/members/${expected.memberOut}`);
    await expect(page.getByRole("heading", { name: "Segments" })).toBeVisible();
    await expect(page.locator(`[data-segment-id="${expected.segmentId}"]`)).toHaveCount(0);
    await page.goto(`/members/${expected.memberIn}`);
    await expect(page.locator(`[data-segment-id="${expected.segmentId}"]`)).toBeVisible();
  });
});
