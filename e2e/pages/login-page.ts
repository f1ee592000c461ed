import { expect, type Page } from "@playwright/test";

export class LoginPage {
  constructor(private readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto("/login");
  }

  async submit(email: string, password: string): Promise<void> {
    await this.page.locator("#email").fill(email);
    await this.page.locator("#password").fill(password);
    await this.page.locator("form button[type=submit]").click();
  }

  /** Signs in and waits for the signed-in shell. */
  async signIn(email: string, password: string): Promise<void> {
    await this.goto();
    await this.submit(email, password);
    await expect(this.page.getByTestId("viewer-role")).toBeVisible();
  }

  alert() {
    return this.page.getByTestId("login-error");
  }
}
