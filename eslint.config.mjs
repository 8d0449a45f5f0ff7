// Lint rules in the spirit of cdk8s-plus's .eslintrc.json: line length, import order, member order, and the
// layering this project depends on (the constructs in lib/ import no tooling and no devDependency).
import stylistic from '@stylistic/eslint-plugin';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'build/', 'dist/', 'imports/', 'coverage/', '.synth-*/', '.cache/', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin, '@stylistic': stylistic, 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js'] } } },
    rules: {
      '@stylistic/max-len': ['error', {
        code: 150, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreComments: true, ignoreRegExpLiterals: true,
      }],
      'import-x/order': ['error', {
        groups: ['builtin', 'external', ['parent', 'sibling', 'index']],
        alphabetize: { order: 'asc', caseInsensitive: true },
      }],
      'import-x/no-duplicates': 'error',
      '@typescript-eslint/member-ordering': ['error', {
        default: [
          'public-static-field', 'public-static-method', 'protected-static-field', 'protected-static-method',
          'private-static-field', 'private-static-method', 'field', 'constructor', 'method',
        ],
      }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-duplicate-imports': 'off',
      'curly': ['error', 'multi-line', 'consistent'],
      'eqeqeq': ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
  {
    // The construct library: what a consumer installs. It imports no tooling and nothing a consumer lacks.
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/tools/**', '**/test/**', '**/scripts/**', '**/bench/**'], message: 'lib/ is the construct library: it never imports tooling.' }] }],
      'import-x/no-extraneous-dependencies': ['error', { devDependencies: false, peerDependencies: true, optionalDependencies: false }],
    },
  },
  {
    // lib/'s lines stay within 150 characters with no exception: strings, comments and URLs wrap too.
    files: ['lib/**/*.ts'],
    rules: { '@stylistic/max-len': ['error', { code: 150 }] },
  },
);
