import { defineConfig } from "vitest/config";

// One app window at a time: the journeys run in order, each on its own temporary database.
export default defineConfig({
  test: {
    root: __dirname,
    include: ["**/*.e2e.ts"],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
