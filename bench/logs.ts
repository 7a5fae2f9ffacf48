// Benchmark 5: placeholder while it is written.
import { NotRun, type Bench } from './lib/types.js';

export const logsBench: Bench = {
  n: 5,
  name: 'logs',
  run() {
    return Promise.reject(new NotRun('not written yet'));
  },
};
