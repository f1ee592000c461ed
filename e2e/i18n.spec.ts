import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS } from "../db/seed/demo-users";
import { LoginPage } from "./pages/login-page";

test("switching to Arabic renders the app right to left, and back to English left to right", async ({ page }) => {
  const marketer = DEMO_USERS.find((u) => u.role === "marketer")!;
  await new LoginPage(page).signIn(marketer.email, DEMO_PASSWORD);
  await expect(page.locator("html")).toHaveAttribute("dir", "ltr");

  await page.getByTestId("locale-switcher").first().selectOption("ar");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.locator("html")).toHaveAttribute("lang", "ar");
  await expect(page.getByRole("link", { name: "الأعضاء" })).toBeVisible();

  await page.getByTestId("locale-switcher").first().selectOption("de");
  await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
  await expect(page.getByRole("link", { name: "Mitglieder" })).toBeVisible();

  await page.getByTestId("locale-switcher").first().selectOption("en");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});

test("the sign-in page follows the browser's language", async ({ browser }) => {
  const context = await browser.newContext({ locale: "sv-SE" });
  const page = await context.newPage();
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "sv");
  await expect(page.getByRole("button", { name: "Logga in" })).toBeVisible();
  await context.close();
});
