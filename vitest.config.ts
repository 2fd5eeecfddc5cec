import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    // Service test files share one database and empty it between tests, so files run one at a time.
    fileParallelism: false,
    reporters: process.env.VITEST_JSON ? ["default", ["json", { outputFile: process.env.VITEST_JSON }]] : ["default"],
    projects: [
      {
        plugins: [tsconfigPaths()],
        test: { name: "domain", include: ["app/**/*.test.ts", "app/**/*.test.tsx", "server/**/*.test.ts"] },
      },
      {
        plugins: [tsconfigPaths()],
        test: {
          name: "services",
          include: ["tests/services/**/*.test.ts"],
          globalSetup: ["tests/setup/global-db.ts"],
          setupFiles: ["tests/setup/per-file.ts"],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
