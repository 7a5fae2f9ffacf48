// Benchmark 9: placeholder while it is written.
import { NotRun, type Bench } from './lib/types.js';

export const idleBench: Bench = {
  n: 9,
  name: 'idle',
  run() {
    return Promise.reject(new NotRun('not written yet'));
  },
};
