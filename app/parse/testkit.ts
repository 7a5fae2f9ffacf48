// For the parsers' tests: the BerthError a call throws (any other throw, or none, fails the test).
import { BerthError } from '../errors.js';

export function errorOf(fn: () => unknown): BerthError {
  try {
    fn();
  } catch (e) {
    if (e instanceof BerthError) return e;
    throw e;
  }
  throw new Error('expected a BerthError');
}
