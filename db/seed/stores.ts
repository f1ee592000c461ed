/** Country codes the demo program trades in; member names, phones and locales follow the country. */
export type DemoCountry = "DE" | "SE" | "PL" | "AE";

export interface StoreSpec {
  /** Code without the run's tag prefix; demo users name their stores by it. */
  code: string;
  name: string;
  kind: "physical" | "online";
  city: string | null;
  countryCode: DemoCountry;
  timezone: string;
  /** Share of members whose home store this is (physical stores only). */
  memberShare: number;
}

export const ONLINE_STORE_CODE = "ONLINE";

/**
 * Eight shops in four countries plus the web shop. Every store books in EUR so that revenue adds up across
 * the program without currency conversion; time zones differ, so "store-local opening hours" matter.
 */
export const STORE_SPECS: readonly StoreSpec[] = [
  { code: "BER-01", name: "Berlin Mitte", kind: "physical", city: "Berlin", countryCode: "DE", timezone: "Europe/Berlin", memberShare: 0.18 },
  { code: "BER-02", name: "Berlin Kreuzberg", kind: "physical", city: "Berlin", countryCode: "DE", timezone: "Europe/Berlin", memberShare: 0.12 },
  { code: "HAM-01", name: "Hamburg Altona", kind: "physical", city: "Hamburg", countryCode: "DE", timezone: "Europe/Berlin", memberShare: 0.14 },
  { code: "MUC-01", name: "München Schwabing", kind: "physical", city: "München", countryCode: "DE", timezone: "Europe/Berlin", memberShare: 0.13 },
  { code: "STO-01", name: "Stockholm Södermalm", kind: "physical", city: "Stockholm", countryCode: "SE", timezone: "Europe/Stockholm", memberShare: 0.13 },
  { code: "GOT-01", name: "Göteborg Haga", kind: "physical", city: "Göteborg", countryCode: "SE", timezone: "Europe/Stockholm", memberShare: 0.08 },
  { code: "WAW-01", name: "Warszawa Śródmieście", kind: "physical", city: "Warszawa", countryCode: "PL", timezone: "Europe/Warsaw", memberShare: 0.12 },
  { code: "DXB-01", name: "Dubai Marina", kind: "physical", city: "Dubai", countryCode: "AE", timezone: "Asia/Dubai", memberShare: 0.1 },
  { code: ONLINE_STORE_CODE, name: "Online shop", kind: "online", city: null, countryCode: "DE", timezone: "Europe/Berlin", memberShare: 0 },
];

/** Store codes carry the run's tag so that several tagged runs can share one database. */
export function taggedCode(tag: string | undefined, code: string): string {
  return tag ? `${tag}-${code}` : code;
}
