import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS } from "../db/seed/demo-users";
import { LoginPage } from "./pages/login-page";

test.describe("security headers", () => {
  test("every page carries a CSP with a fresh nonce, and the app still hydrates under it", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to (execute|load)/i.test(message.text())) violations.push(message.text());
    });
    const first = await page.goto("/login");
    const policy = first?.headers()["content-security-policy"] ?? "";
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(first?.headers()["x-frame-options"]).toBe("DENY");
    expect(first?.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");

    const second = await page.goto("/login");
    expect(second?.headers()["content-security-policy"]).not.toBe(policy);

    // Signing in and the theme toggle need client-side JavaScript: both work only if the nonce reached Next's scripts.
    await new LoginPage(page).signIn(DEMO_USERS[1]!.email, DEMO_PASSWORD);
    await page.getByRole("combobox", { name: "Theme" }).selectOption("dark");
    await expect(page.locator("html")).toHaveClass(/dark/);
    await page.getByRole("combobox", { name: "Theme" }).selectOption("light");
    await expect(page.locator("html")).not.toHaveClass(/dark/);
    expect(violations).toEqual([]);
  });
});

test("a signed-out visitor is sent to the sign-in page by the proxy, with the page to return to", async ({ request }) => {
  const response = await request.get("/members?page=2", { maxRedirects: 0 });
  expect(response.status()).toBe(307);
  const location = new URL(response.headers()["location"] ?? "", "http://x");
  expect(location.pathname).toBe("/login");
  expect(location.searchParams.get("callbackUrl")).toContain("/members?page=2");
});

test("after signing out, the old session cookie no longer opens any page", async ({ page, context }) => {
  await new LoginPage(page).signIn(DEMO_USERS[1]!.email, DEMO_PASSWORD);
  const before = await context.cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  // Put the signed-in cookies back, as a request racing the sign-out (or a copied cookie) would.
  await context.addCookies(before);
  await page.goto("/members");
  await expect(page).toHaveURL(/\/login/);
});
