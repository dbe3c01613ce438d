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

/** The background's own services: only the background (and these folders themselves) may import them (DESIGN §4). */
const BACKGROUND_SERVICES = ['admin-api', 'cache', 'sync', 'bulk', 'background'];

/** Only the background talks to the API or IndexedDB, and only it runs the sync, the bulk queue and its glue. */
const backgroundOnly = {
  patterns: [
    {
      group: BACKGROUND_SERVICES.flatMap((name) => [`**/lib/${name}`, `**/lib/${name}/**`, `@/lib/${name}`, `@/lib/${name}/**`]),
      message: 'Only the background may import lib/admin-api, lib/cache, lib/sync, lib/bulk or lib/background; send a message instead.',
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
