// Lint: the Next.js rules, typescript-eslint, React hooks, and the layer boundaries of
// CONTRIBUTING.md, so a feature that reaches across a boundary fails `npm run lint` (and CI).
import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const FEATURE_INTERNALS = ['**/queries', '**/queries/*', '**/commands', '**/commands/*', '@/lib/*/jobs', '@/lib/runtime/*'];

/**
 * Client components ('use client') run in the browser: they may import types, models, schemas,
 * UI and their own feature's actions (server action references), never server code.
 */
const clientBoundary = {
  meta: { type: 'problem', schema: [], messages: { server: "A client component must not import server code ('{{source}}')." } },
  create(context) {
    const directives = context.sourceCode.ast.body.filter((node) => node.type === 'ExpressionStatement' && node.directive);
    if (!directives.some((node) => node.directive === 'use client')) return {};
    const SERVER = /(^|\/)(db\/|queries|commands|data|jobs|guards|sessions|config)(\/|$)|^@\/db|^server-only$|^node:|lib\/platform\/(audit|jobs|mail|crypto|notifications|http|log|config)|lib\/runtime/;
    return {
      ImportDeclaration(node) {
        if (node.importKind === 'type') return;
        const source = String(node.source.value);
        if (SERVER.test(source)) context.report({ node, messageId: 'server', data: { source } });
      },
    };
  },
};

export default tseslint.config(
  { ignores: ['.next/**', 'node_modules/**', '.data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', 'db/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mjs,js}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { '@next/next': nextPlugin, 'react-hooks': reactHooks, hearth: { rules: { 'client-boundary': clientBoundary } } },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs['core-web-vitals'].rules,
      ...reactHooks.configs.recommended.rules,
      'hearth/client-boundary': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  // The platform is below every feature: it imports none.
  {
    files: ['lib/platform/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(@/lib/(?!platform/|routes$)|\\.\\./\\.\\./(?!platform/))',
              message: 'lib/platform imports no feature: move the shared part into the platform, or pass it in.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['lib/platform/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./', message: 'lib/platform imports no feature: move the shared part into the platform, or pass it in.' }] },
      ],
    },
  },
  // Reads and writes run in pages, actions, jobs and scripts alike: no Next.js request APIs.
  {
    files: ['lib/**/queries.ts', 'lib/**/queries/**', 'lib/**/commands.ts', 'lib/**/commands/**', 'lib/**/jobs.ts', 'lib/**/model.ts', 'lib/**/access.ts', 'lib/**/schemas.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['next', 'next/*', 'next-auth', 'next-auth/*'], message: 'Queries, commands, jobs and models must not depend on Next.js: take what you need as arguments.' },
            { group: ['**/data', '**/actions', 'server-only'], message: 'Queries and commands are below data.ts and actions.ts.' },
          ],
        },
      ],
    },
  },
  // Pages and layouts import a feature's data.ts, actions.ts and components only.
  {
    files: ['app/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@/db', '@/db/*', '**/db/*'], message: 'Pages never touch the database: use the feature’s data.ts.' },
            { group: FEATURE_INTERNALS, message: 'Pages import a feature’s data.ts, actions.ts and components only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**', 'e2e/**', 'scripts/**', 'bench/**', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  // Playwright fixtures: `use` is Playwright's, not React's, and a fixture without dependencies destructures `{}`.
  {
    files: ['e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off', 'no-empty-pattern': 'off' },
  },
);
