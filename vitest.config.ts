import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside a React server bundle; tests call server modules directly.
      "server-only": path.resolve(import.meta.dirname, "test/server-only.ts"),
    },
  },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".data/**"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 120_000,
    // The public API logs one JSON line per request (lib/api/log.ts); tests that check it spy on console.info.
    onConsoleLog: (log) => !log.startsWith('{"event":"api_request"'),
    hookTimeout: 120_000,
    // Two cores: more workers than that only adds PGlite start-up memory.
    maxWorkers: 2,
    // CI sums the JSON reports into one closing line (scripts/ci-summary.mjs).
    reporters: process.env.CI ? ["default", "json"] : ["default"],
    outputFile: { json: "test-results/vitest.json" },
  },
});
