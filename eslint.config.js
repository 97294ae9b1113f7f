// Type-aware lint for the TypeScript sources; bans focused and skipped tests in committed code.
import tseslint from 'typescript-eslint';

const focusedOrSkipped = ['it', 'test', 'describe', 'suite', 'bench'].flatMap((object) =>
  ['only', 'skip', 'skipIf', 'runIf', 'todo'].map((property) => ({
    object,
    property,
    message: `${object}.${property} must not be committed: every test runs, or is removed.`,
  })),
);

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'function/cloudfront-function.js', '.tmp/', '**/*.mjs', 'eslint.config.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-properties': ['error', ...focusedOrSkipped],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
);
