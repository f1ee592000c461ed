import type { Locator, Page } from "@playwright/test";

/** Member 360 (/members/{id}): the personalization cards. */
export class MemberPage {
  constructor(private readonly page: Page) {}

  goto(memberId: string) {
    return this.page.goto(`/members/${memberId}`);
  }

  nextBestOffers(): Locator {
    return this.page.getByTestId("next-best-offers");
  }

  /** The next best offer of that name (the card lists up to three). */
  nextBestOffer(name: string): Locator {
    return this.nextBestOffers().getByTestId("next-best-offer").filter({ hasText: name }).first();
  }

  recommendedProduct(name: string): Locator {
    return this.page.getByTestId("recommended-products").getByTestId("recommended-product").filter({ hasText: name }).first();
  }
}
