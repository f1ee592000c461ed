import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS } from "../db/seed/demo-users";
import { LoginPage } from "./pages/login-page";
import { loadExpectations } from "./support/expectations";

const expected = loadExpectations();

test.describe("sign-in", () => {
  for (const user of DEMO_USERS) {
    test(`${user.role} ${user.email} signs in, lands on the overview and signs out`, async ({ page }) => {
      const login = new LoginPage(page);
      await login.signIn(user.email, DEMO_PASSWORD);
      await expect(page).toHaveURL(/\/overview/);
      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page).toHaveURL(/\/login/);
      await page.goto("/members");
      await expect(page).toHaveURL(/\/login/);
    });
  }

  test("a wrong password gets a clear message and no session", async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.submit(DEMO_USERS[0]!.email, "not-the-password");
    await expect(login.alert()).toHaveText("Wrong e-mail or password.");
    await page.goto("/overview");
    await expect(page).toHaveURL(/\/login/);
  });

  test("after 5 wrong passwords within 15 minutes the account is refused, even with the right password", async ({ page }) => {
    const login = new LoginPage(page);
    const { email, password } = expected.lockoutUser;
    await login.goto();
    for (let attempt = 1; attempt <= 5; attempt++) {
      await login.submit(email, `wrong-${attempt}`);
      await expect(login.alert()).toHaveText("Wrong e-mail or password.");
      await expect(page.locator("form button[type=submit]")).toBeEnabled();
    }
    await login.submit(email, password);
    await expect(login.alert()).toContainText("Too many failed attempts");
    await page.goto("/overview");
    await expect(page).toHaveURL(/\/login/);
  });

  test("an unknown account gets the same message as a wrong password", async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.submit(`nobody-${Date.now()}@example.com`, "whatever");
    await expect(login.alert()).toHaveText("Wrong e-mail or password.");
  });

  test("the demo accounts are listed on the sign-in page of a demo program", async ({ page }) => {
    await page.goto("/login");
    for (const user of DEMO_USERS) await expect(page.getByText(user.email, { exact: true })).toBeVisible();
  });
});
