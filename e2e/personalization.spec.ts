import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS } from "../db/seed/demo-users";
import { LoginPage } from "./pages/login-page";
import { MemberPage } from "./pages/member-page";
import { loadPersonalizationFixture } from "./support/personalization-expectations";

const fixture = loadPersonalizationFixture();
// Reasons resting on a rarely bought category carry no day count, so they read the same whenever the spec runs.
const stableReason = ["never_tried", "rarely_buys"].includes(fixture.reasonCode);

for (const role of ["store_manager", "marketer"] as const) {
  test(`${role}: member 360 shows a next best offer with its reason, and recommended products`, async ({ page }) => {
    const user = DEMO_USERS.find((u) => u.role === role)!;
    await new LoginPage(page).signIn(user.email, DEMO_PASSWORD);
    const member = new MemberPage(page);
    expect((await member.goto(fixture.memberId))?.status()).toBe(200);

    await expect(member.nextBestOffers().getByRole("heading", { name: "Next best offers" })).toBeVisible();
    const offer = member.nextBestOffer(fixture.offer);
    await expect(offer).toBeVisible();
    await expect(offer).toHaveAttribute("data-reason", fixture.reasonCode);
    const reason = offer.getByTestId("next-best-offer-reason");
    if (stableReason) await expect(reason).toHaveText(fixture.reasonText);
    else await expect(reason).toContainText(fixture.offer);
    await expect(offer).toContainText("Expected value");
    await expect(member.recommendedProduct(fixture.product)).toBeVisible();
  });
}

test("marketer: the model page shows the recommendations' hit rate against popularity and the propensity's AUC against 'redeemed before'", async ({ page }) => {
  const marketer = DEMO_USERS.find((u) => u.role === "marketer")!;
  await new LoginPage(page).signIn(marketer.email, DEMO_PASSWORD);
  await page.getByRole("link", { name: "Personalization models" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Personalization models");
  const recommendations = page.getByTestId("recommendation-figures");
  await expect(recommendations.getByTestId("recommendation-figures-hit-rate")).toHaveText(fixture.modelPage.hitRate);
  await expect(recommendations.getByRole("row", { name: /Hit rate at 10/ })).toContainText(fixture.modelPage.popularityHitRate);
  const propensity = page.getByTestId("propensity-figures");
  await expect(propensity.getByTestId("propensity-figures-auc")).toHaveText(fixture.modelPage.auc);
  await expect(propensity.getByRole("row", { name: /AUC/ })).toContainText(fixture.modelPage.baselineAuc);
});

test("store manager: the model page is not theirs", async ({ page }) => {
  const manager = DEMO_USERS.find((u) => u.role === "store_manager")!;
  await new LoginPage(page).signIn(manager.email, DEMO_PASSWORD);
  await expect(page.getByRole("link", { name: "Personalization models" })).toHaveCount(0);
  await page.goto("/models/personalization");
  await expect(page).toHaveURL(/\/forbidden$/);
});
