import { defineConfig } from "vitest/config";

// The window benchmark runs as one long step in one app window at a time; its output is the report.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["**/*.run.ts"],
    fileParallelism: false,
    testTimeout: 4 * 3600_000,
    hookTimeout: 120_000,
  },
});
