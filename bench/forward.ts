// Benchmark 7: placeholder while it is written.
import { NotRun, type Bench } from './lib/types.js';

export const forwardBench: Bench = {
  n: 7,
  name: 'forward',
  run() {
    return Promise.reject(new NotRun('not written yet'));
  },
};
