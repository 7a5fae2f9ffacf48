// Flow control from a sink back to its source: pause the engine stream while the consumer is behind.
import type { Readable } from 'node:stream';

/**
 * Pauses `source` when the consumer says it is behind (`push` returned false), and resumes it once
 * the consumer drains. Returns the function to call with each push's result.
 */
export function backpressure(source: Readable, onDrain: (cb: () => void) => void): (accepted: boolean) => void {
  let waiting = false;
  return (accepted) => {
    if (accepted || waiting) return;
    waiting = true;
    source.pause();
    onDrain(() => {
      waiting = false;
      source.resume();
    });
  };
}
