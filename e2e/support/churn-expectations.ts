/**
 * What e2e/churn.spec.ts expects, written by the e2e server (churn-fixture.ts) before the app starts. Kept
 * apart from the fixture, which imports server-only query modules the spec runner cannot load.
 */
import path from "node:path";
import { readFileSync } from "node:fs";

export const CHURN_EXPECTATIONS_FILE = path.join(process.cwd(), ".data", "e2e-churn.json");

export interface ChurnExpectations {
  manager: { email: string; storeNames: string[]; atRisk: number };
  atRiskAll: number;
}

export function loadChurnExpectations(): ChurnExpectations {
  return JSON.parse(readFileSync(CHURN_EXPECTATIONS_FILE, "utf8")) as ChurnExpectations;
}
