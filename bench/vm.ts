// Benchmark 8: placeholder while it is written.
import { NotRun, type Bench } from './lib/types.js';

export const vmBench: Bench = {
  n: 8,
  name: 'vm',
  run() {
    return Promise.reject(new NotRun('not written yet'));
  },
};
