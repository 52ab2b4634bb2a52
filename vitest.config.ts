import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Numeric tests (finite differences, fixtures) are CPU-bound; keep the default
    // thread pool but give slow machines room before a test is declared hung.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
