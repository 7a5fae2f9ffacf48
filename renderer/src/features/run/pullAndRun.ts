// "Pull and run": Run does not pull (the core answers IMAGE_NOT_FOUND), so on that answer the dialog offers to pull the image
// as an activity task (progress in the activity panel) and then run the same spec.
import type { RunResult } from '../../../../app/api.js';
import type { RunSpec } from '../../../../app/runspec.js';
import { shownError } from '../../lib/errors.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';
import { startPull } from '../images/tasks.js';

export type PullRunPhase = 'pulling' | 'running';

/** True when a run failed only because the image is not on this engine. */
export function isMissingImage(e: unknown): boolean {
  return shownError(e).code === 'IMAGE_NOT_FOUND';
}

/** Pulls `spec.image` (shown in the activity panel), then runs the spec; rejects with the pull's or the run's error. */
export function pullThenRun(spec: RunSpec, onPhase?: (p: PullRunPhase) => void): Promise<RunResult> {
  onPhase?.('pulling');
  useStore.getState().toggleActivity(true);
  return new Promise<void>((ok, fail) => {
    startPull(spec.image, undefined, (err) => (err ? fail(err) : ok()));
  }).then(() => {
    onPhase?.('running');
    return client().containers.run(spec);
  });
}
