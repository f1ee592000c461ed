import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS } from "../db/seed/demo-users";
import { readCapturedMail, type CapturedMail } from "../test/smtp-capture";
import { LoginPage } from "./pages/login-page";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { E2E_MAIL_DIR, loadCampaignFixture } from "./support/campaigns-expectations";

const admin = DEMO_USERS.find((u) => u.role === "admin")!;
const marketer = DEMO_USERS.find((u) => u.role === "marketer")!;
const manager = DEMO_USERS.find((u) => u.role === "store_manager")!;
const fixture = loadCampaignFixture();
const run = randomUUID().slice(0, 8);
const campaignName = `Win them back ${run}`;

/** Each language's subject begins with its greeting: what a member of that language must read. */
const TEMPLATES = {
  English: { locale: "en", subject: "Hello {{firstName}}, a treat for you", body: "Show {{code}} for {{offer}} until {{validUntil}}." },
  Deutsch: { locale: "de", subject: "Hallo {{firstName}}, eine Kleinigkeit für Sie", body: "Zeigen Sie {{code}} für {{offer}} bis {{validUntil}}." },
  Polski: { locale: "pl", subject: "Cześć {{firstName}}, coś dla Ciebie", body: "Pokaż {{code}}, aby otrzymać {{offer}} do {{validUntil}}." },
  Svenska: { locale: "sv", subject: "Hej {{firstName}}, något för dig", body: "Visa {{code}} för {{offer}} till {{validUntil}}." },
  "العربية": { locale: "ar", subject: "مرحبا {{firstName}}، هدية لك", body: "أظهر {{code}} للحصول على {{offer}} حتى {{validUntil}}." },
} as const;
const GREETING: Record<string, string> = Object.fromEntries(Object.values(TEMPLATES).map((t) => [t.locale, t.subject.split(" ")[0]!]));
const CODE = /[0-9A-F]{5}-[0-9A-F]{5}-[0-9A-F]{5}/;

/** Builds and saves a draft on the fixture's segment; returns the campaign page's URL. */
async function buildDraft(
  page: Page,
  options: { name: string; rewards: string[]; channels: ("E-mail" | "In-app inbox")[]; allocation?: RegExp; subjectTag?: string },
): Promise<string> {
  await page.goto("/campaigns/new");
  await page.getByLabel("Campaign name").fill(options.name);
  await page.getByLabel("Goal").selectOption({ label: "Reactivation" });
  await page.getByLabel("Segment", { exact: true }).selectOption({ label: fixture.segmentName });
  for (const [i, reward] of options.rewards.entries()) {
    if (i > 0) await page.getByRole("button", { name: "Add offer" }).click();
    await page.getByLabel(`Offer ${i + 1} reward`).selectOption({ label: reward });
  }
  await expect(page.getByLabel("Control group (%)")).toHaveValue("10");
  for (const channel of ["E-mail", "In-app inbox"] as const) await page.getByLabel(channel, { exact: true }).setChecked(options.channels.includes(channel));
  for (const [tab, template] of Object.entries(TEMPLATES)) {
    await page.getByRole("tab", { name: tab }).click();
    await page.getByLabel(`Subject (${tab})`).fill(options.subjectTag ? `${template.subject} ${options.subjectTag}` : template.subject);
    await page.getByLabel(`Message (${tab})`).fill(template.body);
  }
  if (options.allocation) await page.getByRole("radio", { name: options.allocation }).check();
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
  return page.url();
}

const figure = async (page: Page, testId: string) => Number(await page.getByTestId(testId).getAttribute("data-value"));

/** Mail to the fixture's members (whose subject ends with `subjectTag`, when given), once `count` have arrived. */
async function mailsToAudience(count: number, subjectTag?: string): Promise<CapturedMail[]> {
  const emails = new Set(fixture.members.map((m) => m.email));
  let mails: CapturedMail[] = [];
  await expect
    .poll(() => {
      mails = readCapturedMail(E2E_MAIL_DIR).filter((m) => m.to.some((to) => emails.has(to)) && m.subject.length > 0 && (!subjectTag || m.subject.endsWith(subjectTag)));
      return mails.length;
    }, { timeout: 60_000 })
    .toBeGreaterThanOrEqual(count);
  return mails;
}

test.describe.configure({ mode: "serial" });

test("a marketer builds a campaign with 2 offers and a 10% control on a saved segment, sees its audience, control and cost, launches it; the mails arrive in each member's language and an API redemption shows in the results", async ({ page }) => {
  test.setTimeout(180_000);
  await new LoginPage(page).signIn(marketer.email, DEMO_PASSWORD);
  const url = await buildDraft(page, { name: campaignName, rewards: ["A free flat white", "Bakery: buy one, get one free"], channels: ["E-mail", "In-app inbox"] });

  // Before launch: the whole segment is reachable (every fixture member consented to e-mail), split into treated and control.
  await expect(page.getByTestId("estimate-eligible")).toHaveAttribute("data-value", String(fixture.members.length));
  const treated = await figure(page, "estimate-treated");
  const control = await figure(page, "estimate-control");
  expect(treated + control).toBe(fixture.members.length);
  expect(control).toBeLessThan(fixture.members.length * 0.3);
  await expect(page.getByTestId("estimate-cost")).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("button", { name: "Launch" }).click();
  await expect(page.getByTestId("campaign-status")).toHaveAttribute("data-status", "running");

  // One mail per treated member, in the member's language; nothing to the control group.
  const mails = await mailsToAudience(treated);
  expect(mails).toHaveLength(treated);
  for (const mail of mails) {
    const member = fixture.members.find((m) => mail.to.includes(m.email))!;
    expect(mail.language).toBe(member.locale);
    expect(mail.subject.startsWith(GREETING[member.locale]!)).toBe(true);
    expect(mail.text).toMatch(CODE);
  }

  // A member uses the code from their mail at the till.
  const code = CODE.exec(mails[0]!.text)![0];
  const response = await page.request.post("/api/v1/offers/redeem", { headers: { Authorization: `Bearer ${fixture.apiToken}` }, data: { code, reference: `E2E-${run}` } });
  expect(response.status()).toBe(200);
  await page.goto(url);
  await expect(page.getByTestId("results-redeemed-total")).toHaveAttribute("data-value", "1");
  await expect(page.getByTestId("results-treated-total")).toHaveAttribute("data-value", String(treated));
});

test("a store manager sees the campaign but cannot launch, pause or build one", async ({ page }) => {
  await new LoginPage(page).signIn(manager.email, DEMO_PASSWORD);
  await page.goto("/campaigns");
  await expect(page.getByLabel(/^Approval needed above/)).toHaveCount(0);
  await page.getByRole("link", { name: campaignName }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(campaignName);
  for (const name of ["Launch", "Pause", "Cancel", "Edit"]) await expect(page.getByRole("button", { name, exact: true }).or(page.getByRole("link", { name, exact: true }))).toHaveCount(0);
  await page.goto("/campaigns/new");
  await expect(page).toHaveURL(/\/forbidden$/);
});

test("an admin withdraws a member's marketing e-mail consent and the member leaves an e-mail campaign's audience", async ({ page }) => {
  test.setTimeout(120_000);
  await new LoginPage(page).signIn(admin.email, DEMO_PASSWORD);
  // Admins see the approval threshold (default 500.00 in the program's currency) on the campaigns page.
  await page.goto("/campaigns");
  await expect(page.getByLabel(/^Approval needed above/)).toHaveValue("500.00");
  const url = await buildDraft(page, { name: `E-mail only ${run}`, rewards: ["A free flat white"], channels: ["E-mail"] });
  const before = await figure(page, "estimate-eligible");
  // A member the first campaign mailed: in no control group, so counted in this audience.
  const mailed = (await mailsToAudience(1))[0]!;
  const member = fixture.members.find((m) => mailed.to.includes(m.email))!;
  await page.goto(`/members/${member.id}`);
  // The member's page shows the first campaign's offer.
  await expect(page.getByTestId("member-offer").filter({ hasText: campaignName })).toHaveAttribute("data-state", /^(open|redeemed)$/);
  const consent = page.getByTestId("consent-marketing_email");
  await expect(consent).toHaveAttribute("data-allowed", "true");
  await consent.getByRole("button", { name: /^Withdraw/ }).click();
  await expect(consent).toHaveAttribute("data-allowed", "false");
  await page.goto(url);
  await expect(page.getByTestId("estimate-eligible")).toHaveAttribute("data-value", String(before - 1));
});

test("a marketer launches a personalized campaign with 2 offers: each member's mail carries the offer chosen for them, the one their member page shows, and the offers differ between members", async ({ page }) => {
  test.setTimeout(180_000);
  const tag = `P${run}`;
  const name = `Your own offer ${run}`;
  const offers = ["A free flat white", "Bakery: buy one, get one free"];
  await new LoginPage(page).signIn(marketer.email, DEMO_PASSWORD);
  const url = await buildDraft(page, { name, rewards: offers, channels: ["E-mail"], allocation: /^Personalized/, subjectTag: tag });
  await expect(page.getByText("Each member's own offer (next best offer)")).toBeVisible();
  const treated = await figure(page, "estimate-treated");
  expect(treated).toBeGreaterThan(10);
  await page.getByRole("button", { name: "Launch" }).click();
  await expect(page.getByTestId("campaign-status")).toHaveAttribute("data-status", "running");

  const mails = await mailsToAudience(treated, tag);
  expect(mails).toHaveLength(treated);
  const offerOf = (text: string) => offers.find((o) => text.includes(o));
  expect(mails.every((m) => offerOf(m.text) !== undefined)).toBe(true);
  // Not one offer for everyone: the choice follows each member's own facts.
  expect(new Set(mails.map((m) => offerOf(m.text))).size).toBe(2);
  // A member's page shows the same offer and code as their mail, one member per offer.
  for (const offer of offers) {
    const mail = mails.find((m) => offerOf(m.text) === offer)!;
    const member = fixture.members.find((m) => mail.to.includes(m.email))!;
    await page.goto(`/members/${member.id}`);
    const card = page.getByTestId("member-offer").filter({ hasText: name });
    await expect(card).toContainText(offer);
    await expect(card).toContainText(CODE.exec(mail.text)![0]);
  }
  await page.goto(url);
  await expect(page.getByTestId("results-treated-total")).toHaveAttribute("data-value", String(treated));
});
