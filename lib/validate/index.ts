export { Validator, validateManifests, pinsForChannel, type GatewayApiChannel, type PinnedCrdOptions } from './validator';
export { CrdCatalog, readCrdDocuments, type CrdVersion } from './crd-catalog';
export { formatProblem, describeObject, type Problem } from './problem';
export { readManifests, type ManifestFile } from './manifests';
export { loadCoreKinds, CORE_SCHEMA_PACKAGE, type CoreKind } from './core-schemas';
export { KUBERNETES_LIBRARY_FUNCTIONS } from './cel/library';
export type { StructuralSchema, ValidationRule } from './structural-schema';
export { CrdValidation, type CrdValidationProperties } from './cdk8s-plugin';
