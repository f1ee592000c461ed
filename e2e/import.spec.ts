import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS } from "../db/seed/demo-users";
import { ONLINE_STORE_CODE } from "../db/seed/stores";
import { LoginPage } from "./pages/login-page";
import { expectNoSeriousA11yViolations } from "./support/axe";

const admin = DEMO_USERS.find((u) => u.role === "admin")!;
const marketer = DEMO_USERS.find((u) => u.role === "marketer")!;

const HEADER = "receipt_id,member_external_id,store_code,channel,occurred_at,sku,category,quantity,amount,currency,line_no";

interface Fixture {
  file: string;
  rows: number;
  /** Row number -> the field and code the report must show. */
  bad: Map<number, { field: string; code: string }>;
}

/**
 * A transactions file written at test time from what the e2e seed holds (members M0000001..M0003000,
 * stores BER-01, HAM-01 and the web shop, the coffee and books categories and their SKUs): five good
 * receipts (six lines) and four spoilt ones, one of them a two-line receipt held back for its second line.
 */
function writeFixture(): Fixture {
  const run = Date.now().toString(36);
  const lines: Array<{ cells: string; bad?: { field: string; code: string } }> = [
    { cells: `E2E-${run}-1,M0000001,BER-01,pos,2024-06-01T10:00:00+02:00,COF-0001,coffee,2,9.80,EUR,1` },
    { cells: `E2E-${run}-1,M0000001,BER-01,pos,2024-06-01T10:00:00+02:00,BOK-0002,books,1,15.00,EUR,2` },
    { cells: `E2E-${run}-2,M0000002,HAM-01,pos,2024-06-02T11:30:00+02:00,COF-0003,coffee,1,4.50,EUR,1` },
    { cells: `E2E-${run}-3,M0000003,,online,2024-06-03T20:15:00Z,BOK-0001,books,1,22.90,EUR,1` },
    { cells: `E2E-${run}-4,M0000004,BER-01,pos,2024-06-04T09:00:00+02:00,COF-0002,coffee,1,abc,EUR,1`, bad: { field: "amount", code: "not_decimal" } },
    { cells: `E2E-${run}-5,M0000005,NOPE-99,pos,2024-06-05T09:00:00+02:00,COF-0002,coffee,1,3.20,EUR,1`, bad: { field: "store_code", code: "unknown_store" } },
    { cells: `E2E-${run}-6,M9999999,BER-01,pos,2024-06-06T09:00:00+02:00,COF-0002,coffee,1,3.20,EUR,1`, bad: { field: "member_external_id", code: "unknown_member" } },
    { cells: `E2E-${run}-7,M0000007,BER-01,pos,2024-06-07T09:00:00+02:00,COF-0004,coffee,1,6.00,EUR,1`, bad: { field: "receipt_id", code: "receipt_incomplete" } },
    { cells: `E2E-${run}-7,M0000007,BER-01,pos,2024-06-07T09:00:00+02:00,COF-0005,coffee,-2,6.00,EUR,2`, bad: { field: "quantity", code: "not_positive_integer" } },
    { cells: `E2E-${run}-8,M0000008,BER-01,pos,2024-06-08T09:00:00+02:00,COF-0001,coffee,1,2.50,EUR,1` },
    { cells: `E2E-${run}-9,M0000009,HAM-01,pos,2024-06-09T09:00:00+02:00,BOK-0003,books,3,30.00,EUR,1` },
  ];
  const file = path.join(mkdtempSync(path.join(tmpdir(), "loyalist-e2e-import-")), `receipts-${run}.csv`);
  writeFileSync(file, [HEADER, ...lines.map((l) => l.cells)].join("\n") + "\n");
  const bad = new Map<number, { field: string; code: string }>();
  lines.forEach((l, i) => l.bad && bad.set(i + 2, l.bad));
  return { file, rows: lines.length, bad };
}

async function uploadAndPreview(page: Page, fixture: Fixture): Promise<void> {
  await page.goto("/import");
  await page.getByLabel("Transactions: one row per line item of a receipt").check();
  await page.getByLabel("CSV file").setInputFiles(fixture.file);
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByText(`${fixture.rows} rows, 11 columns`)).toBeVisible();
  // The header names every field, so each select already holds its column.
  await expect(page.locator("#map-amount")).toHaveValue("8");
  await expect(page.locator("#online-store option:checked")).toContainText(`(${ONLINE_STORE_CODE})`);
  await page.getByRole("button", { name: "Check the first rows" }).click();
  await expect(page.getByTestId("preview-row")).toHaveCount(fixture.rows);
}

test.describe("CSV import", () => {
  test("an admin uploads transactions with bad rows, sees them in the preview, imports and gets a report of every bad row", async ({ page }) => {
    const fixture = writeFixture();
    await new LoginPage(page).signIn(admin.email, DEMO_PASSWORD);
    await page.getByRole("link", { name: "Import" }).click();
    await expect(page).toHaveURL(/\/import$/);
    await uploadAndPreview(page, fixture);

    const invalid = page.locator("[data-testid=preview-row][data-invalid]");
    await expect(invalid).toHaveCount(fixture.bad.size);
    const valid = fixture.rows - fixture.bad.size;
    await expect(page.getByTestId("preview-summary")).toContainText(`${valid} valid, ${fixture.bad.size} with errors`);
    await expect(page.getByTestId("preview-summary")).toContainText("would add 5 receipts with 6 lines");
    // The demo program pays at least a point per euro: the preview says what the receipts would earn.
    await expect(page.getByTestId("preview-points")).toHaveText(/^Their receipts would earn [1-9][\d,]* points\.$/);
    await expect(invalid.first()).toContainText("amount: 'abc' is not a decimal number");
    await expectNoSeriousA11yViolations(page);

    await page.getByRole("button", { name: `Import ${fixture.rows} rows` }).click();
    await expect(page).toHaveURL(/\/import\/[0-9a-f-]{36}$/);
    const progress = page.getByTestId("import-progress");
    await expect(progress).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
    await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
    await expect(progress).toContainText(`${fixture.rows} of ${fixture.rows} rows read`);

    await expect(page.getByTestId("report-rows")).toHaveText(String(fixture.rows));
    await expect(page.getByTestId("report-valid")).toHaveText(String(valid));
    await expect(page.getByTestId("report-invalid")).toHaveText(String(fixture.bad.size));
    await expect(page.getByTestId("report-inserted")).toHaveText(String(valid));
    await expect(page.getByTestId("report-receipts")).toHaveText("5");
    await expect(page.getByTestId("report-points")).toHaveText(/^[1-9][\d,]*$/);
    const reported = page.getByTestId("bad-row");
    await expect(reported).toHaveCount(fixture.bad.size);
    for (const [row, { field, code }] of fixture.bad) {
      await expect(page.locator(`[data-testid=bad-row][data-row="${row}"][data-field="${field}"][data-code="${code}"]`)).toHaveCount(1);
    }
    await expectNoSeriousA11yViolations(page);

    const download = await page.request.get(`${new URL(page.url()).pathname}/errors.csv`);
    expect(download.status()).toBe(200);
    const csv = await download.text();
    expect(csv.trim().split("\n")).toHaveLength(fixture.bad.size + 1);
    expect(csv).toContain(`6,"amount","abc","'abc' is not a decimal number"`);

    await page.goto("/import");
    await expect(page.getByRole("link", { name: path.basename(fixture.file) })).toBeVisible();
  });

  test("the same file imported again adds nothing", async ({ page }) => {
    const fixture = writeFixture();
    await new LoginPage(page).signIn(admin.email, DEMO_PASSWORD);
    for (const expectedInserted of ["6", "0"]) {
      await uploadAndPreview(page, fixture);
      await page.getByRole("button", { name: `Import ${fixture.rows} rows` }).click();
      await expect(page.getByTestId("import-progress")).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
      await expect(page.getByTestId("report-inserted")).toHaveText(expectedInserted);
    }
    await expect(page.getByTestId("report-duplicates")).toHaveText("6");
    // Nothing new, so no points either.
    await expect(page.getByTestId("report-points")).toHaveText("0");
  });

  test("the import page works right to left in Arabic", async ({ page, context }) => {
    await context.addCookies([{ name: "loyalist_locale", value: "ar", url: "http://127.0.0.1" }]);
    await new LoginPage(page).signIn(admin.email, DEMO_PASSWORD);
    await page.goto("/import");
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.getByRole("heading", { level: 1, name: "الاستيراد" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });

  test("a marketer has no import page, no menu entry and no upload", async ({ page }) => {
    await new LoginPage(page).signIn(marketer.email, DEMO_PASSWORD);
    await expect(page.getByRole("link", { name: "Import" })).toHaveCount(0);
    await page.goto("/import");
    await expect(page).toHaveURL(/\/forbidden/);
    await expect(page.getByRole("heading", { name: "No access" })).toBeVisible();
    const upload = await page.request.post("/import/upload", {
      data: `${HEADER}\n`,
      headers: { "x-import-kind": "transactions", "x-file-name": "x.csv", "content-type": "text/csv" },
    });
    expect(upload.status()).toBe(403);
  });
});
