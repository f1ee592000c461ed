import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS } from "../db/seed/demo-users";
import { LoginPage } from "./pages/login-page";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { loadChurnExpectations } from "./support/churn-expectations";

const expected = loadChurnExpectations();
const marketer = DEMO_USERS.find((u) => u.role === "marketer")!;
const admin = DEMO_USERS.find((u) => u.role === "admin")!;

test.describe("members at risk", () => {
  test("a store manager sees only their stores' at-risk members, with reasons and actions, and marks one contacted", async ({ page }) => {
    await new LoginPage(page).signIn(expected.manager.email, DEMO_PASSWORD);
    await page.goto("/churn");
    await expect(page.getByRole("heading", { level: 1, name: "Members at risk" })).toBeVisible();
    expect(expected.manager.atRisk).toBeGreaterThan(0);
    expect(expected.manager.atRisk).toBeLessThan(expected.atRiskAll);
    await expect(page.getByTestId("at-risk-count")).toContainText(`of ${expected.manager.atRisk.toLocaleString("en")} members`);
    // No re-score for a store manager (models:run), and no model page in the navigation.
    await expect(page.getByTestId("rescore-panel")).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Churn model" })).toHaveCount(0);

    const rows = page.getByTestId("at-risk-row");
    await expect(rows.first()).toBeVisible();
    const stores = await page.getByTestId("at-risk-store").allTextContents();
    expect(stores.length).toBeGreaterThan(0);
    for (const store of stores) expect(expected.manager.storeNames.some((name) => store.startsWith(name))).toBe(true);
    await expect(rows.first().getByTestId("at-risk-reasons").getByRole("listitem").first()).not.toBeEmpty();
    await expect(rows.first().getByTestId("at-risk-action")).not.toBeEmpty();
    await expectNoSeriousA11yViolations(page);

    const row = rows.first();
    const memberId = await row.getAttribute("data-member-id");
    await row.getByRole("button", { name: /^Mark contacted/ }).click();
    const marked = page.locator(`[data-member-id="${memberId}"]`).getByTestId("contacted-mark");
    await expect(marked).toContainText("Contacted");
    await page.reload();
    await expect(page.locator(`[data-member-id="${memberId}"]`).getByTestId("contacted-mark")).toBeVisible();
  });

  test("a marketer opens the model page and sees AUC beside the baselines and the calibration chart", async ({ page }) => {
    await new LoginPage(page).signIn(marketer.email, DEMO_PASSWORD);
    await page.goto("/churn");
    await page.getByRole("link", { name: "Churn model" }).click();
    await expect(page).toHaveURL(/\/models\/churn$/);
    await expect(page.getByTestId("model-auc")).toContainText(/0\.\d{3}/);
    for (const model of ["gbt", "btyd", "rfm"]) await expect(page.getByTestId(`auc-${model}`)).toHaveText(/0\.\d{3}/);
    const calibration = page.getByTestId("calibration-chart");
    await expect(calibration.getByRole("img", { name: "Calibration" })).toBeVisible();
    await expect(calibration.locator("svg .recharts-line").first()).toBeVisible();
    await expect(page.getByTestId("lift-chart").getByRole("img", { name: "Lift" })).toBeVisible();
    await expect(page.getByTestId("feature-importances").getByRole("listitem").first()).toBeVisible();
    await expect(page.getByTestId("model-history")).toContainText("Version 1");
    await expectNoSeriousA11yViolations(page);
  });

  test("a re-score started from the page shows its progress and finishes", async ({ page }) => {
    test.setTimeout(180_000);
    await new LoginPage(page).signIn(marketer.email, DEMO_PASSWORD);
    await page.goto("/churn");
    await page.getByTestId("rescore-button").click();
    const progress = page.getByTestId("rescore-progress");
    await expect(progress).toBeVisible();
    await expect(progress.getByRole("progressbar", { name: "Re-score progress" })).toBeVisible();
    await expect(progress).toHaveAttribute("data-status", "done", { timeout: 150_000 });
    await expect(progress.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
    await expect(progress).toContainText(/of [\d,]+ members gone through/);
  });

  test("an admin edits the action policy: a bad threshold is refused next to its field, a good edit becomes the next version", async ({ page }) => {
    await new LoginPage(page).signIn(admin.email, DEMO_PASSWORD);
    await page.goto("/churn");
    await page.getByRole("link", { name: "Action policy" }).click();
    await expect(page).toHaveURL(/\/churn\/policy$/);
    await expect(page.getByRole("heading", { level: 1, name: "Action policy" })).toBeVisible();
    const rules = page.getByTestId("policy-rule");
    const count = await rules.count();
    expect(count).toBeGreaterThan(1);
    // The preview counts the latest re-score's members per rule.
    await expect(page.getByTestId("policy-preview")).toContainText("members scored on");
    await expect(rules.first().getByTestId("policy-rule-catches")).toContainText(/Catches/);
    const inForce = await page.getByTestId("policy-history").locator("tbody tr").first().textContent();

    await page.locator("#rule-1-minRisk").fill("1.5");
    await page.getByRole("button", { name: "Save as a new version" }).click();
    await expect(page.getByTestId("policy-editor").getByRole("alert")).toContainText("Please correct the field marked below.");
    await expect(page.locator("#rule-1-minRisk-error")).toHaveText("A number from 0 to 1, or blank for any.");
    await expect(page.getByTestId("policy-history").locator("tbody tr").first()).toHaveText(inForce ?? "");

    await page.locator("#rule-1-minRisk").fill("0.3");
    // A rule added below the catch-all can never apply: the editor says so before saving.
    await page.getByRole("button", { name: "Add a rule" }).click();
    await expect(rules).toHaveCount(count + 1);
    await expect(page.getByTestId("policy-warnings")).toContainText(`Rule ${count + 1} never applies`);
    await page.getByRole("button", { name: `Remove rule ${count + 1}` }).click();
    await expect(page.getByTestId("policy-warnings")).toHaveCount(0);

    await page.getByRole("button", { name: "Move rule 2 up" }).click();
    await expect(page.locator("#rule-0-minRisk")).toHaveValue("0.3");
    await expectNoSeriousA11yViolations(page);
    await page.getByRole("button", { name: "Save as a new version" }).click();
    await expect(page.getByTestId("policy-editor").getByRole("status").filter({ hasText: /Saved as version \d+/ })).toBeVisible();
    const history = page.getByTestId("policy-history").locator("tbody tr").first();
    await expect(history).toContainText("In force");
    await expect(history).toContainText(admin.name);
    await page.reload();
    await expect(page.locator("#rule-0-minRisk")).toHaveValue("0.3");
  });
});
