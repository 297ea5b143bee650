import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Builds and serves the site once per run, lazily, for every browser test (test/browser/site.ts).
    globalSetup: ["test/browser/global-setup.ts"],
    // Browser tests share one built site and one Chromium each; keep files sequential.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 300_000,
  },
});
