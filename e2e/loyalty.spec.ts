import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS } from "../db/seed/demo-users";
import { LoginPage } from "./pages/login-page";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { loadLoyaltyExpectations } from "./support/loyalty-fixture";

const admin = DEMO_USERS.find((u) => u.role === "admin")!;
const marketer = DEMO_USERS.find((u) => u.role === "marketer")!;
const fixture = loadLoyaltyExpectations();
const run = randomUUID().slice(0, 8);
const promoName = `Double points on Books on weekday afternoons ${run}`;
const baseName = `E2E base rate ${run}`;

/**
 * A Wednesday about 13 months ago, 15:00 on the program's wall clock: a weekday afternoon long enough ago
 * that the receipt counts in none of the overview's or segments' windows other specs compare against.
 */
function wednesdayAfternoon(): string {
  const at = new Date(Date.now() - 400 * 86_400_000);
  at.setUTCDate(at.getUTCDate() - ((at.getUTCDay() + 4) % 7)); // back to a Wednesday (getUTCDay 3)
  return `${at.toISOString().slice(0, 10)}T15:00`;
}

/** Same day of month `months` later, clamped to the month's end (lib/loyalty/lots.ts addCalendarMonths). */
function addCalendarMonths(iso: string, months: number): string {
  const at = new Date(iso);
  const day = at.getUTCDate();
  at.setUTCDate(1);
  at.setUTCMonth(at.getUTCMonth() + months);
  at.setUTCDate(Math.min(day, new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 0)).getUTCDate()));
  return at.toISOString();
}

async function createRule(page: Page, fill: () => Promise<void>): Promise<void> {
  await page.goto("/loyalty/rules/new");
  await expect(page.getByRole("heading", { level: 1, name: "New earning rule" })).toBeVisible();
  await fill();
  await page.getByRole("button", { name: "Create rule" }).click();
  await expect(page).toHaveURL(/\/loyalty\/rules$/);
}

async function createApiKey(page: Page): Promise<string> {
  await page.goto("/settings/api-keys");
  await page.getByLabel("Name", { exact: true }).fill(`E2E loyalty till ${run}`);
  await page.getByLabel("Till (POS)").check();
  await page.getByRole("button", { name: "Create key" }).click();
  return ((await page.getByTestId("api-key-secret").textContent()) ?? "").trim();
}

test.describe.configure({ mode: "serial" });

test.describe("earn and burn (admin)", () => {
  test.beforeEach(async ({ page }) => {
    await new LoginPage(page).signIn(admin.email, DEMO_PASSWORD);
  });

  test("creates a rule, previews a basket, posts it through the API for the predicted points, and sees them on the member page", async ({ page }) => {
    test.setTimeout(180_000);
    // A base rate of its own at the highest priority, so the multiplier has base points to double
    // whatever the program was configured with.
    await createRule(page, async () => {
      await page.getByLabel("Name").fill(baseName);
      await page.getByLabel("Kind").selectOption("base_rate");
      await page.getByLabel("Priority (higher first)").fill("1000");
      await page.getByLabel("Points per EUR").fill("1");
    });
    await createRule(page, async () => {
      await page.getByLabel("Name").fill(promoName);
      await page.getByLabel("Kind").selectOption("multiplier");
      await page.getByLabel("Factor on the base points").fill("2");
      await page.getByRole("group", { name: "Categories" }).getByLabel("Books", { exact: true }).check();
      const weekdays = page.getByRole("group", { name: "Weekdays" });
      for (const day of ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]) await weekdays.getByLabel(day).check();
      await page.getByLabel("From (time of day)").fill("12:00");
      await page.getByLabel("Until (time of day, not included)").fill("17:00");
    });
    const row = page.getByTestId("rule-row").filter({ hasText: promoName });
    await expect(row).toContainText("2× the base points");
    await expect(row.getByTestId("rule-conditions")).toHaveText("in Books · on Mon–Fri · 12:00–17:00");
    await expect(row).toContainText("version 1");

    // Preview: 40.00 of Books and 10.00 of coffee, a weekday afternoon, for the fixture's member.
    await page.getByLabel("Member number (optional)").fill(fixture.member.externalId);
    await page.locator("#preview-at").fill(wednesdayAfternoon());
    await page.getByLabel("Channel").selectOption("pos");
    await page.getByLabel("Store").selectOption(fixture.storeCode);
    await page.getByLabel("SKU (line 1)").fill("E2E-BOOK-1");
    await page.getByLabel("Category (line 1)").selectOption("books");
    await page.getByLabel(/^Amount in EUR \(line 1\)/).fill("40.00");
    await page.getByRole("button", { name: "Add a line" }).click();
    await page.getByLabel("SKU (line 2)").fill("E2E-COFFEE-1");
    await page.getByLabel("Category (line 2)").selectOption("coffee");
    await page.getByLabel(/^Amount in EUR \(line 2\)/).fill("10.00");
    await page.getByRole("button", { name: "Preview", exact: true }).click();
    const total = page.getByTestId("preview-total");
    await expect(total).toBeVisible();
    const predicted = Number(await total.getAttribute("data-points"));
    const occurredAt = (await total.getAttribute("data-occurred-at")) ?? "";
    const [books, coffee] = [page.getByTestId("preview-line").nth(0), page.getByTestId("preview-line").nth(1)];
    await expect(books).toContainText(`${baseName} (v1): 1 point per EUR = 40 points`);
    await expect(books).toContainText(`${promoName} (v1): ×2 adds 40 points`);
    await expect(coffee).toContainText(`${promoName} (v1): not applied, because the line is not in its categories`);
    // At least base 40 + double 40 on Books + base 10 on coffee; other rules of the program may add more.
    expect(predicted).toBeGreaterThanOrEqual(90);

    // The member's balance and the program's expiry before the receipt.
    await page.goto(`/members/${fixture.member.id}`);
    const before = Number(await page.getByTestId("points-available").getAttribute("data-value"));
    await page.goto("/loyalty/tiers");
    await expect(page.locator("#policy-expiryKind")).toHaveValue("rolling_months");
    const expiryMonths = Number(await page.locator("#policy-expiryMonths").inputValue());

    // The same basket as a transaction through the public API.
    const secret = await createApiKey(page);
    const response = await page.request.post("/api/v1/transactions", {
      headers: { Authorization: `Bearer ${secret}`, "Idempotency-Key": randomUUID() },
      data: {
        externalId: `E2E-LOY-${run}`,
        memberExternalId: fixture.member.externalId,
        storeCode: fixture.storeCode,
        channel: "pos",
        occurredAt,
        currency: fixture.currency,
        lines: [
          { sku: "E2E-BOOK-1", category: "books", quantity: 1, amount: "40.00" },
          { sku: "E2E-COFFEE-1", category: "coffee", quantity: 1, amount: "10.00" },
        ],
      },
    });
    expect(response.ok(), await response.text()).toBe(true);
    expect(await response.json()).toMatchObject({ points: predicted });

    // The member page: the balance grew by the points, in a lot that expires by the program's policy.
    await page.goto(`/members/${fixture.member.id}`);
    const card = page.getByTestId("member-points");
    await expect(card.getByTestId("points-available")).toHaveAttribute("data-value", String(before + predicted));
    const lot = card.locator(`[data-testid="points-lot"][data-expires-at="${addCalendarMonths(occurredAt, expiryMonths)}"][data-remaining="${predicted}"]`).first();
    await expect(lot).toContainText(`${predicted} of ${predicted}`);
    await expect(lot).not.toContainText("Never");
    await expect(card.getByTestId("ledger-entry").filter({ hasText: `${promoName} v1: 40` })).toHaveCount(1);
    await expectNoSeriousA11yViolations(page);
  });

  test("puts a reward in the catalogue, redeems it for the member and corrects their points with a reason", async ({ page }) => {
    const rewardName = `E2E voucher ${run}`;
    await page.goto("/loyalty/rewards/new");
    await page.getByLabel("Name").fill(rewardName);
    await page.getByLabel("Amount off").fill("5.00");
    await page.getByLabel("Price in points").fill("50");
    await page.getByLabel("Cost to the brand per redemption").fill("4.50");
    await page.getByLabel("Voucher valid for (days)").fill("90");
    await page.getByRole("button", { name: "Create reward" }).click();
    await expect(page).toHaveURL(/\/loyalty\/rewards$/);
    await expect(page.getByTestId("reward-row").filter({ hasText: rewardName })).toContainText("5.00 EUR off");

    await page.goto(`/members/${fixture.member.id}`);
    const card = page.getByTestId("member-points");
    const available = Number(await card.getByTestId("points-available").getAttribute("data-value"));
    expect(available).toBeGreaterThanOrEqual(90);
    await card.getByLabel("Reward", { exact: true }).selectOption({ label: `${rewardName}: 50 points` });
    await card.getByRole("button", { name: "Redeem" }).click();
    await expect(card.getByTestId("voucher-code")).toHaveText(/^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    await expect(card.getByTestId("points-available")).toHaveAttribute("data-value", String(available - 50));

    // A reason is required; with one, 10 points are taken and the entry carries it.
    await card.getByLabel("Points (+ or -)").fill("-10");
    await card.getByRole("button", { name: "Adjust" }).click();
    await expect(card.getByText("Give a reason (at least 3 characters).")).toBeVisible();
    await card.getByLabel("Reason").fill(`goodwill ${run}`);
    await card.getByRole("button", { name: "Adjust" }).click();
    await expect(card.getByTestId("points-available")).toHaveAttribute("data-value", String(available - 60));
    await expect(card.getByTestId("ledger-entry").filter({ hasText: `goodwill ${run}` })).toHaveAttribute("data-points", "-10");
  });

  test("the loyalty pages have no serious accessibility violations", async ({ page }) => {
    test.setTimeout(120_000);
    for (const path of ["/loyalty/rules", "/loyalty/rules/new", "/loyalty/tiers", "/loyalty/rewards"]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      await expectNoSeriousA11yViolations(page);
    }
  });
});

test.describe("earn and burn (marketer)", () => {
  test("reads the rules without any way to change them; the form pages are refused", async ({ page }) => {
    await new LoginPage(page).signIn(marketer.email, DEMO_PASSWORD);
    await page.getByRole("link", { name: "Earning rules" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Earning rules" })).toBeVisible();
    await expect(page.getByText("Only admins can change the rules.")).toBeVisible();
    const row = page.getByTestId("rule-row").filter({ hasText: promoName });
    await expect(row).toContainText("in Books · on Mon–Fri · 12:00–17:00");
    await expect(page.getByRole("link", { name: "New rule" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: /^Edit/ })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^(Archive|Restore)$/ })).toHaveCount(0);

    const ruleId = await row.getAttribute("data-rule-id");
    await row.getByRole("link", { name: promoName }).click();
    await expect(page.getByRole("heading", { name: "Version history" })).toBeVisible();
    await expect(page.getByTestId("rule-version")).toHaveCount(1);
    await expect(page.getByRole("link", { name: "Edit" })).toHaveCount(0);

    for (const path of ["/loyalty/rules/new", `/loyalty/rules/${ruleId}/edit`, "/loyalty/rewards/new"]) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/forbidden/);
    }
    await page.goto("/loyalty/tiers");
    await expect(page.getByTestId("policy-view")).toBeVisible();
    await expect(page.getByRole("button", { name: "Save policies" })).toHaveCount(0);
  });
});

test("a store manager does not reach another store's member, nor their points", async ({ page }) => {
  const manager = DEMO_USERS.find((u) => u.role === "store_manager")!;
  await new LoginPage(page).signIn(manager.email, DEMO_PASSWORD);
  const response = await page.goto(`/members/${fixture.member.id}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("member-points")).toHaveCount(0);
  await page.goto("/loyalty/rules");
  await page.getByLabel("Member number (optional)").fill(fixture.member.externalId);
  await page.getByRole("button", { name: "Preview", exact: true }).click();
  await expect(page.getByText("No member with this number (among the members you look after).")).toBeVisible();
});
