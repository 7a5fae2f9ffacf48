import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contextMeta, contextMetaPath, ensureDockerContext } from './docker-context.js';

describe('docker context', () => {
  it('is stored where the docker CLI looks for it (sha256 of the name)', () => {
    expect(contextMetaPath('/c', 'berth')).toBe(`/c/contexts/meta/${crypto.createHash('sha256').update('berth').digest('hex')}/meta.json`);
    expect(contextMetaPath('/c', 'berth').split('/')[4]).toMatch(/^[0-9a-f]{64}$/);
    expect(contextMeta('berth', '/home/me/.berth/run/docker.sock')).toMatchObject({ Endpoints: { docker: { Host: 'unix:///home/me/.berth/run/docker.sock' } } });
    expect(contextMeta('berth', '\\\\.\\pipe\\berth-docker')).toMatchObject({ Endpoints: { docker: { Host: 'npipe:////./pipe/berth-docker' } } });
  });

  it('writes the context once and refreshes it when the socket moves', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-ctx-'));
    await ensureDockerContext('/a.sock', { configDir: dir });
    const file = contextMetaPath(dir, 'berth');
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).Endpoints.docker.Host).toBe('unix:///a.sock');
    await ensureDockerContext('/b.sock', { configDir: dir });
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).Endpoints.docker.Host).toBe('unix:///b.sock');
  });
});
