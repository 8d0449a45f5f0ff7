export { App } from './app';
export { synthApp, writeManifests } from './synth';
export { synthToDist, type SynthResult } from './synth-to-dist';
