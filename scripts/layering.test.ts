// Proves the layering rules bite: forbidden imports placed in each layer fail ESLint with the layering message.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function lint(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint', () => {
  it('refuses renderer -> main', async () => {
    expect((await lint('renderer/src/x.ts', "import { createCore } from '../../main/core/api.js';\nexport const c = createCore;\n")).join()).toMatch(/renderer\/ reaches the core only/);
  });
  it('refuses Node built-ins in the renderer', async () => {
    expect((await lint('renderer/src/y.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).length).toBe(1);
  });
  it('refuses electron in main/core', async () => {
    expect((await lint('main/core/z.ts', "import { app } from 'electron';\nexport const a = app;\n")).join()).toMatch(/never imports electron/);
  });
  it('refuses imports from other folders in app/', async () => {
    expect((await lint('app/w.ts', "import { x } from '../main/core/api.js';\nexport const y = x;\n")).length).toBe(1);
    expect((await lint('app/w.ts', "import { x } from 'node:path';\nexport const y = x;\n")).length).toBe(1);
  });
  it('refuses hosts reaching into core internals', async () => {
    expect((await lint('main/server/v.ts', "import { x } from '../core/engine/containers.js';\nexport const y = x;\n")).length).toBe(1);
    expect((await lint('main/cli/v.ts', "import { x } from '../core/ssh/ssh.js';\nexport const y = x;\n")).length).toBe(1);
  });
  it('refuses main/core/streams importing the floors above it, and keeps the core rules there', async () => {
    for (const from of ['../engine/errors.js', '../terminals/pipe.js', '../vm/handlers.js', '../remote/remote-engine.js', '../api.js', '../session.js', '../../server/socket.js']) {
      expect((await lint('main/core/streams/u.ts', `import { x } from '${from}';\nexport const y = x;\n`)).join(), from).toMatch(/lower floor/);
    }
    expect((await lint('main/core/streams/u.ts', "import { app } from 'electron';\nexport const a = app;\n")).join()).toMatch(/never imports electron/);
  });
  it('refuses main/core/ssh importing vm/, remote/ or the floors above it, and keeps the core rules there', async () => {
    for (const from of ['../vm/paths.js', '../vm/log.js', '../remote/known-hosts.js', '../engine/errors.js', '../engines/catalog.js', '../terminals/pipe.js', '../session.js', '../api.js', '../settings/store.js', '../../server/socket.js']) {
      expect((await lint('main/core/ssh/u.ts', `import { x } from '${from}';\nexport const y = x;\n`)).join(), from).toMatch(/lower floor/);
    }
    expect((await lint('main/core/ssh/u.ts', "import { app } from 'electron';\nexport const a = app;\n")).join()).toMatch(/never imports electron/);
    expect((await lint('main/core/streams/u.ts', "import { x } from '../ssh/ssh.js';\nexport const y = x;\n")).join()).toMatch(/lower floor/);
  });
  it("refuses main/core/engine/link importing engine/'s resources and features or engines/, and keeps the core rules there", async () => {
    for (const from of ['../containers.js', '../run.js', '../images/images.js', '../images/registry.js', '../../engine/logs.js', '../../engine/images/images-pull.js', '../../engines/pool.js']) {
      expect((await lint('main/core/engine/link/u.ts', `import { x } from '${from}';\nexport const y = x;\n`)).join(), from).toMatch(/engine's floor/);
    }
    expect((await lint('main/core/engine/link/u.ts', "import { app } from 'electron';\nexport const a = app;\n")).join()).toMatch(/never imports electron/);
    expect(await lint('main/core/engine/link/ok.ts', "import { createLogger } from '../../log.js';\nimport { BerthError } from '../../../../app/errors.js';\nimport { parseSshEngineUrl } from '../../remote/ssh-url.js';\nimport { x } from '../../engine/link/errors.js';\nimport { EngineConnection } from './connection.js';\nexport const c = [createLogger, BerthError, parseSshEngineUrl, x, EngineConnection];\n")).toEqual([]);
    expect(await lint('main/core/engine/images/ok.ts', "import { x } from '../link/errors.js';\nexport const y = x;\n")).toEqual([]);
    expect(await lint('main/core/engine/ok.ts', "import { x } from './link/errors.js';\nimport { z } from './images/images.js';\nexport const y = [x, z];\n")).toEqual([]);
  });
  it("refuses the engine's resources importing each other sideways (images/, containers and its features, volumes, networks, system), and keeps the core rules there", async () => {
    const sideways = /do not import each other/;
    const refused: Array<[string, string]> = [
      ['main/core/engine/images/u.ts', '../containers.js'],
      ['main/core/engine/images/u.ts', '../run.js'],
      ['main/core/engine/images/u.ts', '../../engine/volumes.js'],
      ['main/core/engine/volumes.ts', './images/images.js'],
      ['main/core/engine/volumes.ts', './containers.js'],
      ['main/core/engine/networks.ts', '../engine/system.js'],
      ['main/core/engine/system.ts', './networks.js'],
      ['main/core/engine/containers.ts', './images/registry.js'],
      ['main/core/engine/run.ts', './volumes.js'],
      ['main/core/engine/logs.ts', './unnamed-module.js'],
    ];
    for (const [file, from] of refused) {
      expect((await lint(file, `import { x } from '${from}';\nexport const y = x;\n`)).join(), `${file} <- ${from}`).toMatch(sideways);
    }
    expect((await lint('main/core/engine/volumes.ts', "import { app } from 'electron';\nexport const a = app;\n")).join()).toMatch(/never imports electron/);
    expect((await lint('main/core/engine/images/u.ts', "import { app } from 'electron';\nexport const a = app;\n")).join()).toMatch(/never imports electron/);
    // Their own group, link/, the core's ground and other floors; tests put resources together.
    expect(await lint('main/core/engine/images/ok.ts', "import { x } from './images-progress.js';\nimport { l } from '../link/errors.js';\nimport { g } from '../../log.js';\nimport { d } from '../../streams/dial.js';\nexport const y = [x, l, g, d];\n")).toEqual([]);
    expect(await lint('main/core/engine/containers.ts', "import { r } from './run.js';\nimport { p } from './publish.js';\nimport { l } from './link/errors.js';\nimport { c } from '../context.js';\nexport const y = [r, p, l, c];\n")).toEqual([]);
    expect(await lint('main/core/engine/volumes.ts', "import { l } from './link/model.js';\nimport { c } from '../context.js';\nexport const y = [l, c];\n")).toEqual([]);
    expect(await lint('main/core/engine/platform.itest.ts', "import { i } from './images/images.js';\nimport { c } from './containers.js';\nexport const y = [i, c];\n")).toEqual([]);
    expect(await lint('main/core/engine/images/images.test.ts', "import { c } from '../containers.js';\nexport const y = c;\n")).toEqual([]);
  });
  it('allows the permitted directions', async () => {
    expect(await lint('renderer/src/ok.ts', "import { api } from '../../app/api.js';\nexport const a = api;\n")).toEqual([]);
    expect(await lint('main/server/ok.ts', "import { createCore } from '../core/api.js';\nexport const c = createCore;\n")).toEqual([]);
    expect(await lint('main/core/terminals/ok.ts', "import { Batcher } from '../streams/batcher.js';\nexport const b = Batcher;\n")).toEqual([]);
    expect(await lint('main/core/remote/ok.ts', "import { SshSession } from '../ssh/ssh.js';\nexport const s = SshSession;\n")).toEqual([]);
    expect(await lint('main/core/ssh/ok.ts', "import { createLogger } from '../log.js';\nimport { BerthError } from '../../../app/errors.js';\nimport { Batcher } from '../streams/batcher.js';\nimport { ensurePrivateDir } from '../settings/private-file.js';\nimport { fingerprint } from './keys.js';\nexport const c = [createLogger, BerthError, Batcher, ensurePrivateDir, fingerprint];\n")).toEqual([]);
    expect(await lint('main/core/streams/ok.ts', "import type { Readable } from 'node:stream';\nimport { createLogger } from '../log.js';\nimport { BerthError } from '../../../app/errors.js';\nimport { Batcher } from './batcher.js';\nexport type R = Readable;\nexport const c = [createLogger, BerthError, Batcher];\n")).toEqual([]);
  });
});

describe('feature imports lint', () => {
  const refused = /does not import another feature's modules/;
  it("refuses a feature importing another feature's module, also from a subfolder or through ../features/", async () => {
    expect((await lint('renderer/src/features/vm/x.ts', "import { x } from '../activity/tasks.js';\nexport const y = x;\n")).join()).toMatch(refused);
    expect((await lint('renderer/src/features/newpage/x.tsx', "import { x } from '../images/tasks.js';\nexport const y = x;\n")).join()).toMatch(refused);
    expect((await lint('renderer/src/features/run/sections/x.tsx', "import { x } from '../../volumes/form.js';\nexport const y = x;\n")).join()).toMatch(refused);
    expect((await lint('renderer/src/features/vm/x.ts', "import { x } from '../../features/images/tasks.js';\nexport const y = x;\n")).join()).toMatch(refused);
  });
  it('allows only the meeting points named for that feature', async () => {
    expect(await lint('renderer/src/features/images/x.tsx', "import { x } from '../activity/tasks.js';\nexport const y = x;\n")).toEqual([]);
    expect((await lint('renderer/src/features/images/x.tsx', "import { x } from '../activity/slice.js';\nexport const y = x;\n")).join()).toMatch(refused);
    expect((await lint('renderer/src/features/vm/x.ts', "import { x } from '../terminal/sessions.js';\nexport const y = x;\n")).join()).toMatch(refused);
    expect(await lint('renderer/src/features/vm/x.ts', "import { x } from '../terminal/TerminalView.js';\nexport const y = x;\n")).toEqual([]);
    expect(await lint('renderer/src/features/frame/x.ts', "import { x } from '../images/ImagesPage.js';\nexport const y = x;\n")).toEqual([]);
    expect(await lint('renderer/src/features/vm/x.ts', "import { x } from '../../lib/attempt.js';\nimport { z } from '../../ui/Field.js';\nimport { w } from './slice.js';\nexport const y = [x, z, w];\n")).toEqual([]);
  });
  it('keeps the renderer rules in features, and ui/ and lib/ import no feature', async () => {
    expect((await lint('renderer/src/features/vm/x.ts', "import { createCore } from '../../../../main/core/api.js';\nexport const c = createCore;\n")).join()).toMatch(/renderer\/ reaches the core only/);
    expect((await lint('renderer/src/features/frame/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).length).toBe(1);
    expect((await lint('renderer/src/ui/x.tsx', "import { x } from '../features/images/tasks.js';\nexport const y = x;\n")).join()).toMatch(/import no feature/);
    expect((await lint('renderer/src/lib/x.ts', "import { x } from '../features/activity/tasks.js';\nexport const y = x;\n")).join()).toMatch(/import no feature/);
  });
});
