// ESLint for the PWA and its Node tests: the recommended rules, browser and worker
// globals where they run, and a few rules that catch real mistakes in this code.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", "pwa/vendor/", "test-output/", ".venv/"] },
  js.configs.recommended,
  {
    files: ["pwa/js/**/*.js"],
    languageOptions: { sourceType: "module", globals: globals.browser },
  },
  {
    // A classic script: main.js registers it without { type: "module" }.
    files: ["pwa/sw.js"],
    languageOptions: { sourceType: "script", globals: globals.serviceworker },
  },
  {
    files: ["tests/**/*.mjs", "eslint.config.js"],
    languageOptions: { sourceType: "module", globals: globals.node },
  },
  {
    rules: {
      eqeqeq: ["error", "always"],
      "no-var": "error",
      "prefer-const": "error",
      "no-unused-vars": ["error", { argsIgnorePattern: "^_", caughtErrors: "none" }],
      "no-shadow": "error",
      "no-implicit-coercion": "error",
      "no-promise-executor-return": "error",
      "require-atomic-updates": "off",
    },
  },
];
