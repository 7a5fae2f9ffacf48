// Setting up the Berth VM where no engine answers: whether its guest image is installed, how it gets one, and the one-click set-up's progress.
import { z } from 'zod';

/** The guest image the VM would boot: installed, or missing with how this machine can get one. */
export const VmImageState = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('ready'),
    /** The guest's architecture (x86_64 or aarch64). */
    arch: z.string(),
    version: z.string(),
    dir: z.string(),
  }),
  z.object({
    state: z.literal('missing'),
    arch: z.string(),
    /** Why none is used (none in the cache, a named image that is not there, …). */
    reason: z.string(),
    /** Whether Berth can build it here (and the command it runs), or why not and what a person does instead. */
    build: z.object({
      possible: z.boolean(),
      /** The command that builds it (run by Berth when possible; for a person to run otherwise). */
      command: z.string().optional(),
      /** Why Berth cannot build it here, in words a person acts on. */
      why: z.string().optional(),
    }),
  }),
]);
export type VmImageState = z.infer<typeof VmImageState>;

/** One step of the set-up: the image (built when missing), the VM's start (its stages are in vm.changed), the switch to its engine. */
export const VmSetUpStep = z.enum(['image', 'start', 'engine']);
export type VmSetUpStep = z.infer<typeof VmSetUpStep>;

export const VmSetUpProgress = z.object({
  step: VmSetUpStep,
  /** A line of the image build's own output, as it comes. */
  line: z.string().optional(),
});
export type VmSetUpProgress = z.infer<typeof VmSetUpProgress>;

export const VmSetUpResult = z.object({
  /** The engine that is now the current (and remembered) one. */
  engine: z.object({ id: z.string(), name: z.string() }),
  /** The image was built by this set-up (it was missing). */
  built: z.boolean(),
  /** From the click to the engine being current. */
  ms: z.number().nonnegative(),
});
export type VmSetUpResult = z.infer<typeof VmSetUpResult>;
