// ESLint 9 flat config (docs/decisions/018-lint-and-format.md). Formatting is Prettier's job, not ESLint's:
// no stylistic rules here. The rules are the plugins' recommended sets; each change below says why.
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import jsxA11y from "eslint-plugin-jsx-a11y";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig([
  globalIgnores(["build/", "data/", ".cache/", "test-results/", "playwright-report/", "bench/results/", "tmp/", "prisma/migrations/"]),

  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      // Server code, scripts and tests run on Node; app/ also runs in the browser.
      globals: { ...globals.node, ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // A leading underscore marks a binding left unused on purpose (a field taken out of a copy with a
      // rest pattern: `const { secret: _secret, ...rest } = row`).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
      // Every control character in a regular expression here is there to refuse control characters
      // (safeRedirectPath, the request guards, .ics escaping); the rule exists for accidental ones.
      "no-control-regex": "off",
    },
  },

  { files: ["**/*.tsx"], ...react.configs.flat.recommended, settings: { react: { version: "18.3" } } },
  { files: ["**/*.tsx"], ...react.configs.flat["jsx-runtime"] },
  {
    files: ["**/*.tsx"],
    rules: {
      // TypeScript checks props; propTypes are for JavaScript code bases.
      "react/prop-types": "off",
      // React escapes text, so an apostrophe in "the tutor's page" is safe; only `>` and `}` in text
      // are likely slips (a stray bracket from JSX around it).
      "react/no-unescaped-entities": ["error", { forbid: [">", "}"] }],
    },
  },
  { files: ["**/*.tsx"], ...reactHooks.configs.flat["recommended-latest"] },
  { files: ["**/*.tsx"], ...jsxA11y.flatConfigs.recommended },

  {
    // Node-only code: specs, fakes, scripts, the bench, the server.
    files: ["tests/**", "scripts/**", "bench/**", "dev/**", "db/**", "server/**", "*.ts", "*.js"],
    languageOptions: { globals: { ...globals.node } },
  },
]);
