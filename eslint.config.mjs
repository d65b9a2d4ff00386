// ESLint: the recommended rules, a few type-aware ones, and the direction of imports between rooms (ARCHITECTURE.md).
import * as path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

/**
 * `layers/imports`: where a file's imports may lead. Options: `allow` (folders or files, from the repository's root,
 * that relative imports may resolve into; `<own>` stands for the importing file's folder under `media/`), `forbid`
 * (places they may not), `packages` (bare packages refused) and `why`. A file may always import beside itself.
 */
const importsRule = {
  meta: { type: 'problem', schema: [{ type: 'object' }], messages: { refused: '{{what}} may not import {{target}}: {{why}}' } },
  create(context) {
    const { allow = [], forbid = [], packages = [], why } = context.options[0];
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    const places = allow.map((p) => p.replace('<own>', file.match(/^media\/([^/]+)\//)?.[1] ?? '?'));
    const within = (target, place) => target === place.replace(/\.ts$/, '') || target.startsWith(`${place}/`);
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string') return;
      const report = (target) => context.report({ node: node.source, messageId: 'refused', data: { what: file, target, why } });
      if (!spec.startsWith('.')) return void (packages.includes(spec.split('/')[0]) && report(spec));
      const target = path
        .relative(root, path.resolve(path.dirname(context.filename), spec))
        .split(path.sep)
        .join('/');
      if (path.posix.dirname(target) === path.posix.dirname(file)) return;
      if (forbid.some((p) => within(target, p)) || (places.length > 0 && !places.some((p) => within(target, p)))) report(target);
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

const layersPlugin = { rules: { imports: importsRule } };
const layers = (files, options) => ({ files, plugins: { layers: layersPlugin }, rules: { 'layers/imports': ['error', options] } });
const pure = ['src/core', 'src/generated', 'src/ids.ts', 'src/libraries.ts'];
const commandsRule = {
  forbid: ['src/commands', 'src/emulator'],
  why: 'commands are registered by features.ts alone; the local cloud runs in a process of its own (dist/emulator.js)',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'src/generated/**',
      'test/fixtures/**',
      'test-results/**',
      '.vscode-test/**',
      'cli/build/**',
      'schemas/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
      globals: Object.fromEntries(
        [
          'console',
          'process',
          'require',
          'module',
          '__dirname',
          'Buffer',
          'URL',
          'fetch',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'setImmediate',
        ].map((g) => [g, 'readonly']),
      ),
    },
    rules: {
      // Type-aware rules that catch real defects cheaply.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          ignoreVoid: true,
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-require-imports': 'off', // lazy `require()` is how bundles and libraries load on first use
      'no-empty': ['error', { allowEmptyCatch: true }],
      // Terminal output, YAML scalars and test files are cleaned of control characters on purpose.
      'no-control-regex': 'off',
      // Prettier's width, also for the strings and comments it does not break; URLs and regex literals may run over.
      'max-len': ['error', { code: 140, ignoreUrls: true, ignoreRegExpLiterals: true }],
    },
  },
  // Tests read recorded and hostile payloads whose shape is the point of the test.
  { files: ['test/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  // Later entries win for the files they match: the general rule first, then each room's own.
  layers(['src/**'], commandsRule),
  layers(['src/features.ts', 'src/commands/**'], { forbid: ['src/emulator'], why: commandsRule.why }),
  layers(['src/emulator/**'], {
    allow: ['src/emulator', 'src/core', 'src/generated'],
    packages: ['vscode'],
    why: 'the local cloud runs on its own: its files, the generated spec and pure core only',
  }),
  layers(['src/extension.ts', 'src/activation.ts'], {
    allow: ['src/activation.ts', 'src/features.ts', 'src/ids.ts'],
    why: 'activation loads no feature: the features bundle is required on first use',
  }),
  layers(['src/core/**'], { allow: pure, packages: ['vscode'], why: 'core/ is pure: no vscode, no upper layer' }),
  layers(['src/api/**'], {
    allow: ['src/api', ...pure],
    packages: ['vscode'],
    why: 'api/ knows HTTP and core only: no vscode, no upper layer',
  }),
  layers(['src/adk/**'], {
    allow: ['src/adk', 'src/sdk', 'src/api', ...pure],
    packages: ['vscode'],
    why: 'adk/ evaluates agents for the editor and the command line alike: no vscode, no upper layer',
  }),
  layers(['src/cli.ts', 'src/cli/**'], {
    ...commandsRule,
    packages: ['vscode'],
    why: 'the command line runs without VS Code or its commands',
  }),
  layers(['media/**'], {
    allow: ['media/<own>', 'media/dom.ts', 'src/webviews/<own>/protocol.ts', 'src/core', 'src/ids.ts'],
    packages: ['vscode'],
    why: 'a webview front end speaks only its protocol and uses pure core code',
  }),
);
