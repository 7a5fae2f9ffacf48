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
      { group: ['**/core/engine/**', '**/core/vm/**', '**/core/ssh/**', '**/core/terminals/**'], message: 'hosts call main/core/api.ts (and core entry points), not core internals.' },
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

// main/core/ssh (the SSH transport: sessions, the local sockets served over them, key primitives) is below vm/ and remote/,
// both of which use it: it may import Node, packages, app/, streams/ and the core's ground (log, errors, owner-only files).
layering.ssh = {
  files: ['main/core/ssh/**/*.ts'],
  patterns: [
    ...layering.core.patterns,
    { regex: '^\\.\\./(?!(log|errors)\\.js$|streams/|settings/private-file\\.js$|\\.\\./\\.\\./app/)', message: 'main/core/ssh is a lower floor: it imports nothing from vm/, remote/, engine/, engines/, terminals/, the session or the rest of the core above it.' },
  ],
};

// main/core/engine/link is the engine's floor (the connection, the endpoint and its TLS, the model and its summaries, the
// engine's errors and answers): the resources and features beside it (engine/*.ts, engine/images/) and engines/ build on it,
// never the reverse.
layering.engineLink = {
  files: ['main/core/engine/link/**/*.ts'],
  patterns: [
    ...layering.core.patterns,
    { regex: '^\\.\\./(\\.\\./engine/)?(?!link/|\\.\\./)|^\\.\\./\\.\\./engines/', message: "main/core/engine/link is the engine's floor: it imports nothing of engine/'s resources and features (engine/*.ts, engine/images/) or of engines/ above them." },
  ],
};

// The engine's resources stand side by side on link/, none importing another: the image modules in images/, and beside them
// the modules below, grouped by resource (containers with the features its table gathers). A module imports its own
// group's modules and link/, never another group's; a module left out of every group is refused to all of them until it
// is named in one. Tests may put resources together. Exported for the lint test.
export const engineResources = {
  containers: ['containers', 'containers-testkit', 'run', 'run-spec', 'logs', 'stats', 'stats-snapshot', 'commit', 'publish', 'publish-proxy'],
  volumes: ['volumes'],
  networks: ['networks'],
  system: ['system'],
};
const resourceTests = ['**/*.test.ts', '**/*.itest.ts'];
const sideways = "The engine's resources do not import each other (engine/images/, containers and its features, volumes, networks, system): each stands on engine/link; name a new module in its group in engineResources (eslint.config.js).";

layering.engineImages = {
  files: ['main/core/engine/images/**/*.ts'],
  ignores: resourceTests,
  patterns: [...layering.core.patterns, { regex: '^\\.\\./(?!link/|\\.\\./)|^\\.\\./\\.\\./engine/(?!link/|images/)', message: sideways }],
};
for (const [name, members] of Object.entries(engineResources)) {
  layering[`engine-${name}`] = {
    files: members.map((m) => `main/core/engine/${m}.ts`),
    ignores: resourceTests,
    patterns: [...layering.core.patterns, { regex: `^(\\./|\\.\\./engine/)(?!link/|(${members.join('|')})\\.js$)`, message: sideways }],
  };
}

const layerConfigs = Object.values(layering).map(({ files, ignores, patterns }) => ({
  files,
  ...(ignores ? { ignores } : {}),
  rules: { 'no-restricted-imports': ['error', { patterns }] },
}));

/**
 * Features (renderer/src/features/<name>/) do not import each other's modules: generic pieces live in renderer/src/ui
 * (components) and renderer/src/lib (helpers). The imports below are the features' meeting points, each named with why;
 * '*' lets the frame lay out every feature. Tests are exempt (a test may put features together). Exported for the lint test.
 */
export const featureImports = {
  frame: '*', // the app shell: every page, panel and dialog, and the rail's VM state
  container: {
    'containers/actions': "a container's page offers the list's actions (start, stop, remove…)",
    'containers/viewModel': 'and shows the container as the list does',
    'containers/removePolicy': 'Commit suggests the repository name the remove dialog does',
    'logs/LogView': 'the Logs tab',
    'terminal/TerminalView': 'the Terminal tab',
    'moves/dialogs': "a container's page offers Recreate on engine…",
  },
  dock: {
    'logs/LogView': 'the dock holds logs and terminals opened from anywhere',
    'terminal/TerminalView': 'the dock holds terminals',
    'terminal/sessions': 'which live on while the dock is closed',
  },
  vm: { 'terminal/TerminalView': "the VM's shell tab" },
  engine: { 'engines/switch': 'where no engine answered yet, the banner switches to one that does (the first-run offer)' },
  images: {
    'activity/tasks': 'pulls, pushes and builds are activity tasks',
    'activity/ActivityPanel': "a dialog shows its task as the activity panel does (TaskView)",
    'registries/remember': 'pull, push and browse sign in to registries',
    'registries/SignInFields': 'with the sign-in fields',
    'registries/useRemembered': 'and the remembered sign-ins',
    'moves/dialogs': "an image's row offers Copy to engine…",
  },
  containers: { 'moves/dialogs': "a container's row menu offers Recreate on engine…" },
  volumes: { 'moves/dialogs': "a volume's row offers Copy to engine…" },
  engines: { 'moves/dialogs': 'All engines offers Copy to engine… on each image and Recreate on engine… on each container' },
  moves: {
    'activity/tasks': 'a move is an activity task',
    'images/LiveTask': "its dialog shows the task as the pull dialog does",
  },
  run: { 'images/tasks': 'Pull and run pulls the image as an activity task, as the pull dialog does' },
  settings: { 'registries/RememberedRegistries': 'the settings page lists the remembered sign-ins' },
};

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** For a file `depth` folders inside a feature's folder (1: directly in it): another feature's module, unless allowed. */
function featurePatterns(depth, own, allowed) {
  const pass = [...(own ? [`${own}/`] : []), ...Object.keys(allowed).map((m) => `${escapeRegex(m)}(\\.js)?$`)];
  return [
    // Flat config replaces a rule's options: the renderer's own rules come along.
    ...layering.renderer.patterns,
    { regex: `^(\\.\\./){${depth}}(\\.\\./features/)?(?!\\.\\./${pass.length ? `|${pass.join('|')}` : ''})[^/]+/`, message: "A feature does not import another feature's modules: move a generic piece to renderer/src/ui or lib, or name a meeting point in featureImports (eslint.config.js) with why." },
  ];
}

const featureConfigs = [['*', {}], ...Object.entries(featureImports)].flatMap(([name, allowed]) =>
  [1, 2, 3].map((depth) => ({
    files: [`renderer/src/features/${name}/${'*/'.repeat(depth - 1)}*.{ts,tsx}`],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: allowed === '*' ? layering.renderer.patterns : featurePatterns(depth, name === '*' ? undefined : name, allowed) }] },
  })),
);

// ui/ and lib/ are below the features: a generic piece never reaches up into one (tests may).
featureConfigs.push({
  files: ['renderer/src/ui/**/*.{ts,tsx}', 'renderer/src/lib/**/*.{ts,tsx}'],
  ignores: ['**/*.test.ts', '**/*.test.tsx'],
  rules: { 'no-restricted-imports': ['error', { patterns: [...layering.renderer.patterns, { group: ['**/features/**'], message: 'renderer/src/ui and lib hold generic pieces: they import no feature.' }] }] },
});

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
  ...featureConfigs,
);
