import { requireOptionalPeers } from './optional-peers';

// `backend-mtls/validate`: fail on a missing optional peer with the install command, not on its first require.
requireOptionalPeers('backend-mtls/validate');

export { Validator, validateManifests, type GatewayApiChannel, type PinnedCrdOptions } from './validator';
export { CrdCatalog, type CrdVersion } from './crd-catalog';
export { formatProblem, type Problem } from './problem';
export { readManifests, type ManifestFile } from './manifests';
export type { StructuralSchema, ValidationRule } from './structural-schema';
export { CrdValidation, type CrdValidationProperties } from './cdk8s-plugin';
