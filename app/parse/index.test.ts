import { describe, expect, it } from 'vitest';
import * as parse from './index.js';

describe('app/parse index', () => {
  it('exports every parser and formatter', () => {
    for (const name of [
      'parsePortSpec', 'formatPortSpec', 'expandPortMapping', 'portKey', 'parseExposedPortKey',
      'parseSize', 'formatSize', 'formatBytesHuman', 'parseCpus', 'cpusToNano', 'formatCpus', 'parseMemorySwap', 'formatMemorySwap',
      'parseCommitTarget', 'parseChangeLine', 'parseChanges',
      'parseImageRef', 'normalizeImageRef', 'formatImageRef', 'familiarImageRef',
      'parseEnvLine', 'formatEnvLine', 'parseEnvFile', 'formatEnvFile',
      'parseVolumeSpec', 'formatVolumeSpec', 'parseMountSpec', 'formatMountSpec', 'parseTmpfsSpec', 'formatTmpfsSpec', 'formatMountFlag',
      'parseLabel', 'formatLabel', 'parseLabels', 'formatLabels', 'parseLabelFile', 'formatLabelFile',
      'splitShellWords', 'quoteShellWord', 'joinShellWords',
      'parsePlatform', 'normalizePlatform', 'formatPlatform', 'samePlatform', 'shortPlatform',
      'parseDockerRun', 'formatDockerRun', 'parseRunArgs', 'formatRunArgs', 'parseRestartPolicy', 'formatRestartPolicy',
    ]) {
      expect(typeof (parse as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});
