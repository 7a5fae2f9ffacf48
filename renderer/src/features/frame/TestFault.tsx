// Test builds only (VITE_BERTH_TEST_BUILD=1): throws while rendering the part named in sessionStorage `berth.test.fault`, so e2e can prove the boundaries.
const TEST_BUILD = (import.meta as { env?: Record<string, string | boolean | undefined> }).env?.VITE_BERTH_TEST_BUILD === '1';

export const TEST_FAULT_KEY = 'berth.test.fault';

export function TestFault({ what }: { what: string }): null {
  if (TEST_BUILD && typeof sessionStorage !== 'undefined' && sessionStorage.getItem(TEST_FAULT_KEY) === what) {
    throw new Error(`Test fault: the ${what} was made to throw`);
  }
  return null;
}
