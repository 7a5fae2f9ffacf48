// The parsers and formatters for what people type: ports, sizes, image refs, env, mounts, labels, docker run lines.
export * from './commit.js';
export * from './dockerRun.js';
export * from './env.js';
export * from './imageRef.js';
export * from './ip.js';
export * from './labels.js';
export * from './mounts.js';
export * from './platform.js';
export * from './ports.js';
export * from './runFlags.js';
export * from './runOptions.js';
export * from './shellwords.js';
export * from './sizes.js';
