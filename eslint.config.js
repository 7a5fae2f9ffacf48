// Lint: strict TypeScript plus the layering rules of docs/architecture.md (app <- main/core <- hosts; app <- renderer).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = ['node:*', 'fs', 'fs/promises', 'path', 'os', 'net', 'http', 'https', 'child_process', 'crypto', 'stream', 'events', 'url', 'util', 'tls', 'dns', 'zlib', 'buffer', 'process', 'readline', 'worker_threads'];

/** Layering: which folders each part may not import from. Exported for the lint test. */
export const layering = {
  app: {
    files: ['app/**/*.ts'],
    patterns: [
      { group: ['**/main/**', '**/renderer/**', '**/vm-helper/**', '**/e2e/**', '**/bench/**'], message: 'app/ is the contract: it imports no other folder.' },
      { group: nodeBuiltins, message: 'app/ must run in every runtime: no Node built-ins.' },
      { group: ['electron', 'react', 'react-dom', 'dockerode', 'ssh2', 'ws'], message: 'app/ imports only zod.' },
    ],
  },
  renderer: {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    patterns: [
      { group: ['**/main/**', '**/vm-helper/**'], message: 'renderer/ reaches the core only through its transport and the contract in app/.' },
      { group: ['electron', 'dockerode', 'ssh2', 'node-pty', 'ws'], message: 'renderer/ never imports Electron or Node-only packages.' },
      { group: nodeBuiltins, message: 'renderer/ never imports Node built-ins.' },
    ],
  },
  core: {
    files: ['main/core/**/*.ts'],
    patterns: [
      { group: ['electron', 'electron/*'], message: 'main/core never imports electron: it runs and is tested in plain Node.' },
      { group: ['**/renderer/**', '**/main/electron/**', '**/main/server/**', '**/main/cli/**'], message: 'main/core is below the hosts: hosts import core, never the reverse.' },
    ],
  },
  hosts: {
    files: ['main/electron/**/*.ts', 'main/server/**/*.ts', 'main/cli/**/*.ts'],
    patterns: [
      { group: ['**/renderer/**'], message: 'hosts do not import the renderer.' },
      { group: ['**/core/engine/**', '**/core/vm/**', '**/core/terminals/**'], message: 'hosts call main/core/api.ts (and core entry points), not core internals.' },
    ],
  },
};

// main/core/streams is a floor below engine/, terminals/, vm/ and remote/: it may import Node, packages, app/ and the core's
// ground (log, errors, handler types), nothing above. It keeps the core's rules: flat config replaces a rule's options.
layering.streams = {
  files: ['main/core/streams/**/*.ts'],
  patterns: [
    ...layering.core.patterns,
    { regex: '^\\.\\./(?!(log|errors|handlers)\\.js$|\\.\\./\\.\\./app/)', message: 'main/core/streams is a lower floor: it imports nothing from engine/, terminals/, vm/, remote/ or the rest of the core above it.' },
  ],
};

const layerConfigs = Object.values(layering).map(({ files, patterns }) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/results/**', 'out/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', '**/*.itest.ts', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  ...layerConfigs,
);
