import { expect, type Locator, type Page } from "@playwright/test";

/** The segment builder (/segments/new, /segments/<id>/edit): conditions, the live size panel, save. */
export class SegmentBuilderPage {
  constructor(private readonly page: Page) {}

  async gotoNew(): Promise<void> {
    await this.page.goto("/segments/new");
    await expect(this.page.getByRole("heading", { name: "New segment" })).toBeVisible();
  }

  condition(index: number): Locator {
    return this.page.getByTestId("rule-condition").nth(index);
  }

  /** Adds a condition to the top group (the builder opens with one empty condition). */
  async addCondition(): Promise<Locator> {
    const before = await this.page.getByTestId("rule-condition").count();
    await this.page.getByRole("button", { name: "Add condition" }).last().click();
    await expect(this.page.getByTestId("rule-condition")).toHaveCount(before + 1);
    return this.condition(before);
  }

  async pick(condition: Locator, what: string): Promise<void> {
    await condition.getByLabel("What to test").selectOption({ label: what });
  }

  /** The live count once it answers for the rule on screen (not a previous one, not while the debounce runs). */
  async liveCount(): Promise<number> {
    const panel = this.page.getByTestId("live-size");
    await expect(panel).toHaveAttribute("data-state", "ready");
    return Number(await panel.getByTestId("segment-count").getAttribute("data-count"));
  }

  /** Saves under `name` and returns the new segment's id (the builder opens its page). */
  async save(name: string): Promise<string> {
    await this.page.getByLabel("Name", { exact: true }).fill(name);
    await this.page.getByRole("button", { name: "Save segment" }).click();
    await this.page.waitForURL(/\/segments\/[0-9a-f-]{36}$/);
    return new URL(this.page.url()).pathname.split("/").pop()!;
  }
}
