// ESLint for the extension host, the webview, the tests and the scripts, with type information:
// the promise rules need it. Each tsconfig keeps its own environment (Node with `vscode` for the
// host and the tests, the DOM for the webview), so each file is checked against the project that
// builds it. Options below apply to every file; no rule is off for a file or a folder.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Rule options for the whole codebase, each with its reason. */
const everywhere = {
  // A `let` that a callback reads before its one assignment (an exit hook, say) cannot become a
  // `const`: the callback would meet it uninitialised and throw.
  'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
};

export default defineConfig(
  {
    // Build outputs, installed tools, and a fixture that stands in for someone else's extension.
    ignores: [
      'dist/**',
      'out/**',
      'media/build/**',
      'node_modules/**',
      '.harness/**',
      '.vscode-test/**',
      'test-results/**',
      'test/fixtures/broken-extension/**',
    ],
  },
  {
    linterOptions: {
      // A disable comment that nothing needs any more is an error, so none outlives its reason.
      reportUnusedDisableDirectives: 'error',
    },
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // The first project that includes a file types it: the host, then the webview (DOM, no
        // Node), then the tests, which also build scripts/.
        project: ['./tsconfig.json', './src/webview/tsconfig.json', './test/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      ...everywhere,
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // `async` on a function that does not await is how a stub or a callback meets a
      // Promise-returning type here, and it turns a throw into a rejection; dropping it to please
      // this rule would change what callers see.
      '@typescript-eslint/require-await': 'off',
      // Passing on a reason we were handed (an AbortSignal's reason, a caught error) keeps it
      // intact; the rule still refuses rejecting with a value known not to be an Error.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // `const { dropped: _dropped, ...rest } = value` is how a test leaves a field out.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    // Plain JavaScript (the test runner and the harness scripts) has no types to check against.
    files: ['test/**/*.{js,mjs}', 'scripts/**/*.{js,mjs}'],
    extends: [tseslint.configs.recommended],
    rules: everywhere,
  },
);
