import { test } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS } from "../db/seed/demo-users";
import { LoginPage } from "./pages/login-page";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { loadExpectations } from "./support/expectations";

const expected = loadExpectations();

test.describe("accessibility (axe: no serious or critical violations)", () => {
  test("login", async ({ page }) => {
    await page.goto("/login");
    await expectNoSeriousA11yViolations(page);
  });

  for (const theme of ["light", "dark"] as const) {
    test(`overview, members and member 360 in the ${theme} theme`, async ({ page }) => {
      test.setTimeout(120_000); // three pages, each rendered and scanned by axe
      await page.emulateMedia({ colorScheme: theme });
      const marketer = DEMO_USERS.find((u) => u.role === "marketer")!;
      await new LoginPage(page).signIn(marketer.email, DEMO_PASSWORD);
      await page.goto("/overview");
      await page.waitForLoadState("networkidle");
      await expectNoSeriousA11yViolations(page);
      await page.goto("/members");
      await expectNoSeriousA11yViolations(page);
      await page.goto(`/members/${expected.manager.ownMemberId}`);
      await page.waitForLoadState("networkidle");
      await expectNoSeriousA11yViolations(page);
    });
  }

  test("the Arabic overview", async ({ page, context }) => {
    await context.addCookies([{ name: "loyalist_locale", value: "ar", url: "http://127.0.0.1" }]);
    const marketer = DEMO_USERS.find((u) => u.role === "marketer")!;
    await new LoginPage(page).signIn(marketer.email, DEMO_PASSWORD);
    await page.goto("/overview");
    await page.waitForLoadState("networkidle");
    await expectNoSeriousA11yViolations(page);
  });
});
