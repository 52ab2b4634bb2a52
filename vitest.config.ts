import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: {
    // Documentation examples import the package by name; point it at the sources.
    alias: { "keras-ts": fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
  },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Numeric tests (finite differences, fixtures) are CPU-bound; keep the default
    // thread pool but give slow machines room before a test is declared hung.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
