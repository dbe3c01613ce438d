import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const htmlSinks = [
  { selector: "MemberExpression[property.name='innerHTML']", message: 'innerHTML is banned: job data is user-written text. Build DOM nodes.' },
  { selector: "MemberExpression[property.name='outerHTML']", message: 'outerHTML is banned: job data is user-written text.' },
  { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'insertAdjacentHTML is banned: job data is user-written text.' },
  { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'dangerouslySetInnerHTML is banned: job data is user-written text.' },
  { selector: "Property[key.name='dangerouslySetInnerHTML']", message: 'dangerouslySetInnerHTML is banned: job data is user-written text.' },
  { selector: "NewExpression[callee.name='Function']", message: 'new Function is banned.' },
];

/** Only the background (and lib itself) may talk to the API or IndexedDB (DESIGN §4). */
const backgroundOnly = {
  patterns: [
    {
      group: ['**/lib/admin-api', '**/lib/admin-api/**', '**/lib/cache', '**/lib/cache/**', '@/lib/admin-api*', '@/lib/cache*', '@/lib/admin-api/**', '@/lib/cache/**'],
      message: 'Only the background may import lib/admin-api or lib/cache; send a message instead.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'coverage/**', 'bench/tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-syntax': ['error', ...htmlSinks],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['components/**', 'entrypoints/popup/**', 'entrypoints/options/**', 'entrypoints/*.content/**', 'entrypoints/*.content.ts', 'lib/content/**'],
    rules: { 'no-restricted-imports': ['error', backgroundOnly] },
  },
  {
    files: ['lib/core/**'],
    rules: {
      'no-restricted-globals': ['error', { name: 'browser', message: 'lib/core is pure: no browser API.' }, { name: 'chrome', message: 'lib/core is pure.' }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'lib/core is pure: time is a parameter.' }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['wxt', 'wxt/*', 'idb', 'webextension-polyfill'], message: 'lib/core is pure.' }] }],
    },
  },
);
