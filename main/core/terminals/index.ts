// The `terminals` group of the contract: exec and attach as duplex streams.
import type { Api } from '../../../app/api.js';
import type { CoreContext } from '../context.js';
import type { Handlers } from '../handlers.js';
import { openAttach } from './attach.js';
import { openExec } from './exec.js';

export function createTerminalHandlers(ctx: CoreContext): Omit<Handlers<Api>['terminals'], 'host'> {
  return {
    exec: (input, sink) => openExec(ctx, input, sink),
    attach: (input, sink) => openAttach(ctx, input, sink),
  };
}
