import { expect, test, type Page } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { readFileSync } from "node:fs";
import { DEMO_PASSWORD, DEMO_USERS } from "../db/seed/demo-users";
import { LoginPage } from "./pages/login-page";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { loadExpectations } from "./support/expectations";
import { loadPrivacyFixtures } from "./support/privacy-fixtures";

const fixtures = loadPrivacyFixtures();
const expected = loadExpectations();
const admin = DEMO_USERS.find((u) => u.role === "admin")!;

async function auditRows(page: Page, entityId: string): Promise<void> {
  await page.goto(`/audit?entityId=${entityId}`);
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
}

test.describe("admin", () => {
  test.beforeEach(async ({ page }) => {
    await new LoginPage(page).signIn(admin.email, DEMO_PASSWORD);
  });

  test("withdraws a member's profiling consent: the member is excluded from profiling, and the audit log shows who and when", async ({ page }) => {
    const { id } = fixtures.consentMember;
    await page.goto(`/members/${id}`);
    const row = page.getByTestId("consent-personalization");
    await expect(row).toHaveAttribute("data-allowed", "true");
    await expect(page.getByTestId("profiling-excluded")).toHaveCount(0);
    await row.getByRole("button", { name: /^Withdraw/ }).click();
    await expect(row).toHaveAttribute("data-allowed", "false");
    await expect(page.getByTestId("profiling-excluded")).toBeVisible();

    // Marketing e-mails need a grant: granting one flips it to allowed.
    const email = page.getByTestId("consent-marketing_email");
    await expect(email).toHaveAttribute("data-allowed", "false");
    await email.getByRole("button", { name: /^Grant/ }).click();
    await expect(email).toHaveAttribute("data-allowed", "true");

    await auditRows(page, id);
    const consent = page.locator('[data-testid="audit-row"][data-action="consent.record"]');
    await expect(consent).toHaveCount(2);
    await expect(consent.first().getByTestId("audit-actor")).toHaveText(admin.name);
    await expect(consent.first().locator("time")).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);
    await expect(page.locator('[data-testid="audit-row"][data-action="member.view"]')).toHaveCount(1);
  });

  test("exports a member's data as a ZIP, then erases the member; both are in the audit log with actor and time", async ({ page }) => {
    const { id, email, lastName } = fixtures.erasableMember;
    await page.goto(`/members/${id}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(lastName);

    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download all data (ZIP)" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(new RegExp(`^member-${id}-.*\\.zip$`));
    const files = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(["README.txt", "summary.json", "data/members.json", "data/members.csv", "data/consentEvents.json"]));
    expect(strFromU8(files["data/members.json"]!)).toContain(email);
    // The member's language is German, so is the summary.
    expect(strFromU8(files["README.txt"]!)).toContain("Ihre Daten bei Loyalist");

    const eraseForm = page.locator("form", { hasText: "Erase member" });
    await eraseForm.getByRole("checkbox").check();
    await eraseForm.getByRole("button", { name: "Erase for good" }).click();
    // The page re-renders without the erase form and says why.
    await expect(page.getByText("This member was erased: nothing can be recorded any more.")).toBeVisible();
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).not.toContainText(lastName);
    await expect(page.getByText("Erased", { exact: true }).first()).toBeVisible();
    await expect(page.getByText(email)).toHaveCount(0);

    await page.goto(`/members?q=${encodeURIComponent(email)}`);
    await expect(page.getByTestId("member-row")).toHaveCount(0);

    await auditRows(page, id);
    for (const action of ["member.export", "member.erase"]) {
      const entry = page.locator(`[data-testid="audit-row"][data-action="${action}"]`);
      await expect(entry).toHaveCount(1);
      await expect(entry.getByTestId("audit-actor")).toHaveText(admin.name);
      await expect(entry.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);
    }
    await expect(page.getByText(email)).toHaveCount(0);
  });

  test("invites a staff member, who sets a password through the one-time link and signs in", async ({ page, browser }) => {
    const email = `invited.${Date.now().toString(36)}@privacy-e2e.example`;
    await page.goto("/settings/staff");
    const form = page.getByTestId("invite-form");
    await form.getByLabel("Name").fill("Ivy Invited");
    await form.getByLabel("E-mail").fill(email);
    await form.getByLabel("Role").selectOption("marketer");
    await form.getByRole("button", { name: "Create invitation" }).click();
    const link = await page.getByTestId("one-time-link").inputValue();
    expect(link).toMatch(/\/set-password\?token=/);

    const context = await browser.newContext();
    const invitee = await context.newPage();
    await invitee.goto(link);
    await invitee.getByLabel("New password").fill("correct horse battery staple");
    await invitee.getByLabel("Repeat the password").fill("correct horse battery staple");
    await invitee.getByRole("button", { name: "Set password" }).click();
    await expect(invitee.getByText("Your password is set.")).toBeVisible();
    await new LoginPage(invitee).signIn(email, "correct horse battery staple");
    await expect(invitee.getByTestId("viewer-role")).toHaveText("Marketer");
    // The link works once.
    await invitee.goto(link);
    await expect(invitee.getByTestId("token-invalid")).toBeVisible();
    await context.close();
  });

  test("opens the privacy page and the data catalogue", async ({ page }) => {
    await page.goto("/privacy");
    await expect(page.getByRole("heading", { level: 1, name: "Privacy" })).toBeVisible();
    await page.getByRole("link", { name: "Data catalogue" }).click();
    await expect(page.getByTestId("catalogue-members")).toContainText("email");
    await expect(page.getByTestId("catalogue-engagementEvents")).toContainText("only sku, rating, campaign kept");
  });
});

test("the privacy, catalogue, audit, staff and member pages have no serious accessibility violations, in English and Arabic", async ({ page, context }) => {
  test.setTimeout(180_000);
  await new LoginPage(page).signIn(admin.email, DEMO_PASSWORD);
  for (const locale of ["en", "ar"]) {
    await context.addCookies([{ name: "loyalist_locale", value: locale, url: page.url() }]);
    for (const path of ["/privacy", "/privacy/catalogue", "/audit", "/settings/staff", `/members/${fixtures.consentMember.id}`]) {
      await page.goto(path);
      await expectNoSeriousA11yViolations(page);
    }
  }
});

test.describe("store manager", () => {
  test("cannot open the privacy, audit or staff pages", async ({ page }) => {
    await new LoginPage(page).signIn(expected.manager.email, DEMO_PASSWORD);
    for (const path of ["/privacy", "/privacy/catalogue", "/audit", "/settings/staff", `/members/${expected.manager.ownMemberId}/edit`]) {
      await page.goto(path);
      await expect(page, path).toHaveURL(/\/forbidden$/);
    }
    await expect(page.getByRole("link", { name: "Privacy" })).toHaveCount(0);
    // Nor can the export be fetched directly.
    const response = await page.request.post(`/api/privacy/members/${expected.manager.ownMemberId}/export`);
    expect(response.status()).toBe(403);
  });
});
