// Benchmark 4: placeholder while it is written.
import { NotRun, type Bench } from './lib/types.js';

export const renderBench: Bench = {
  n: 4,
  name: 'render',
  run() {
    return Promise.reject(new NotRun('not written yet'));
  },
};
