// Contract handlers for remembered sign-ins: registry.remembered (host and username only) and registry.forget.
import type { RememberedRegistries } from '../../../app/credentials.js';
import type { CredentialStore } from './store.js';

export interface CredentialHandlers {
  remembered(): Promise<RememberedRegistries>;
  forget(input: { registry: string }): Promise<{ forgotten: boolean }>;
}

export function createCredentialHandlers(store: CredentialStore): CredentialHandlers {
  return {
    remembered: () => store.list(),
    forget: async ({ registry }) => ({ forgotten: await store.forget(registry) }),
  };
}
