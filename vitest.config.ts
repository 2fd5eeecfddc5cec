import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    reporters: process.env.VITEST_JSON ? ["default", ["json", { outputFile: process.env.VITEST_JSON }]] : ["default"],
    projects: [
      {
        plugins: [tsconfigPaths()],
        test: { name: "domain", include: ["app/**/*.test.ts"] },
      },
      {
        plugins: [tsconfigPaths()],
        test: {
          name: "services",
          include: ["tests/services/**/*.test.ts"],
          globalSetup: ["tests/setup/global-db.ts"],
          setupFiles: ["tests/setup/per-file.ts"],
          // Files share one database and empty it between tests, so they run one at a time.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
