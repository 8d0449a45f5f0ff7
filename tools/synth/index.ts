export { synthApp, writeManifests } from './synth';
export { stringifyManifests } from './manifest-yaml';
