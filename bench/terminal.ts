// Benchmark 6: placeholder while it is written.
import { NotRun, type Bench } from './lib/types.js';

export const terminalBench: Bench = {
  n: 6,
  name: 'terminal',
  run() {
    return Promise.reject(new NotRun('not written yet'));
  },
};
