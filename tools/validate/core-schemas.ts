import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { childPath, indexPath } from './field-path';
import type { FieldError } from './schema';
import type { StructuralSchema } from './structural-schema';

/**
 * The field lists of core kinds: cdk8s-plus-33 (pinned in package.json), whose `.jsii` type system is generated
 * from the Kubernetes 1.33 OpenAPI document and keeps every field's original JSON name
 * (`@schema io.k8s.api.core.v1.ServiceSpec#clusterIP`) and type. It closes every object, as strict field
 * validation does with the Go types; the OpenAPI document itself leaves objects open.
 */
export const CORE_SCHEMA_PACKAGE = 'cdk8s-plus-33';

/**
 * The value checks of core kinds: kubernetes-models 4.5 (pinned), the Kubernetes 1.33.0 OpenAPI document with
 * its `+enum` values compiled into validators. 4.5 is the last line that loads with `require` on Node 20
 * (5.x, Kubernetes 1.36, is ESM-only for Node 22).
 */
export const CORE_VALUES_PACKAGE = 'kubernetes-models';

/** One core kind: its schema and whether it is namespaced. */
export interface CoreKind {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** Field names and types; no `required`: the API server decodes a missing field as its zero value. */
  readonly schema: StructuralSchema;
}

/** What the upstream OpenAPI document says of one core kind. */
export interface UpstreamKind {
  /** Its compiled validator, when kubernetes-models has one. */
  readonly validate?: UpstreamValidator;
  /** Whether the kind has a `status`, which the API server resets on create. */
  readonly hasStatus: boolean;
}

/** An ajv error as kubernetes-models' compiled validators report it. */
export interface UpstreamError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: { readonly allowedValues?: readonly unknown[]; readonly type?: string; readonly format?: string };
}

/** A kubernetes-models validator: returns whether the value passes, leaving the errors on `.errors`. */
export interface UpstreamValidator {
  (value: unknown): boolean;
  errors?: UpstreamError[] | null;
}

const upstreamKinds = new Map<string, UpstreamKind>();

/** The upstream validator of one kind (e.g. kubernetes-models/apps/v1/Deployment.js's schema), loaded on first use. */
export function upstreamKind(apiVersion: string, kind: string): UpstreamKind {
  const key = `${apiVersion}/${kind}`;
  let found = upstreamKinds.get(key);
  if (!found) {
    const dir = packageDir(CORE_VALUES_PACKAGE);
    let schemaName: string | undefined;
    try {
      schemaName = /_schemas\/(\w+)\.js/.exec(readFileSync(join(dir, ...apiVersion.split('/'), `${kind}.js`), 'utf8'))?.[1];
    } catch {
      // no model for this kind: only the field lists check it
    }
    const schemaFile = schemaName && join(dir, '_schemas', `${schemaName}.js`);
    found = schemaFile
       
      ? { validate: (require(schemaFile) as { validate: UpstreamValidator }).validate, hasStatus: /\bdata\.status\b/.test(readFileSync(schemaFile, 'utf8')) }
      : { hasStatus: false };
    upstreamKinds.set(key, found);
  }
  return found;
}

interface JsiiType {
  readonly fqn?: string;
  readonly primitive?: string;
  readonly collection?: { readonly kind: 'array' | 'map'; readonly elementtype: JsiiType };
  readonly union?: { readonly types: readonly JsiiType[] };
}

interface JsiiProperty {
  readonly name: string;
  readonly optional?: boolean;
  readonly type: JsiiType;
  readonly docs?: { readonly custom?: { readonly schema?: string } };
}

interface JsiiStruct {
  readonly properties?: readonly JsiiProperty[];
}

// Cluster-scoped kinds added after the Kubernetes 1.28 resource list that cdk8s-plus-28 ships (api-resources.txt).
const CLUSTER_SCOPED_SINCE_1_28 = ['ServiceCIDR', 'IPAddress', 'DeviceClass', 'VolumeAttributesClass', 'ClusterTrustBundle',
  'ResourceSlice', 'StorageVersionMigration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding'];

const QUANTITY: StructuralSchema = { anyOf: [{ type: 'number' }, { type: 'string', format: 'quantity' }] };

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** Kinds namespaced or not, from the `kubectl api-resources` listing that cdk8s-plus-28 ships. */
function clusterScopedKinds(): Set<string> {
  const lines = readFileSync(join(packageDir('cdk8s-plus-28'), 'api-resources.txt'), 'utf8').split('\n');
  const header = lines[0];
  const [namespacedAt, kindAt, verbsAt] = ['NAMESPACED', 'KIND', 'VERBS'].map((column) => header.indexOf(column));
  const cluster = new Set(CLUSTER_SCOPED_SINCE_1_28);
  for (const line of lines.slice(1).filter((text) => text.trim())) {
    if (line.slice(namespacedAt, kindAt).trim() === 'false') cluster.add(line.slice(kindAt, verbsAt).trim());
  }
  return cluster;
}

class JsiiSchemas {
  private readonly built = new Map<string, StructuralSchema>();
  constructor(private readonly types: Readonly<Record<string, JsiiStruct>>, private readonly prefix: string) {}

  schemaOf(type: JsiiType): StructuralSchema {
    if (type.primitive === 'string') return { type: 'string' };
    if (type.primitive === 'number') return { type: 'number' };
    if (type.primitive === 'boolean') return { type: 'boolean' };
    if (type.primitive === 'date') return { type: 'string', format: 'date-time' };
    if (type.collection?.kind === 'array') return { type: 'array', items: this.schemaOf(type.collection.elementtype) };
    if (type.collection?.kind === 'map') return { type: 'object', additionalProperties: this.schemaOf(type.collection.elementtype) };
    if (type.union) return { anyOf: type.union.types.map((member) => this.schemaOf(member)) };
    if (type.fqn === `${this.prefix}IntOrString`) return { 'x-kubernetes-int-or-string': true };
    if (type.fqn === `${this.prefix}Quantity`) return QUANTITY;
    if (type.fqn && this.types[type.fqn]?.properties) return this.struct(type.fqn);
    return { 'x-kubernetes-preserve-unknown-fields': true };
  }

  /** Builds a struct's schema once; recursive types (JSONSchemaProps) share the object being built. */
  struct(fqn: string, extra: Record<string, StructuralSchema> = {}): StructuralSchema {
    const cached = this.built.get(fqn);
    if (cached && Object.keys(extra).length === 0) return cached;
    const properties: Record<string, StructuralSchema> = { ...extra };
    const schema: StructuralSchema = { type: 'object', properties };
    if (Object.keys(extra).length === 0) this.built.set(fqn, schema);
    for (const property of this.types[fqn].properties ?? []) {
      const jsonName = property.docs?.custom?.schema?.split('#')[1] ?? property.name;
      properties[jsonName] = this.schemaOf(property.type);
    }
    return schema;
  }
}

let coreKinds: Map<string, CoreKind> | undefined;

/** Every core kind keyed by `apiVersion/Kind` (e.g. `apps/v1/Deployment`), read once per process. */
export function loadCoreKinds(): Map<string, CoreKind> {
  if (coreKinds) return coreKinds;
  const dir = packageDir(CORE_SCHEMA_PACKAGE);
  const prefix = `${CORE_SCHEMA_PACKAGE}.k8s.`;
  const types = (JSON.parse(readFileSync(join(dir, '.jsii'), 'utf8')) as { types: Record<string, JsiiStruct> }).types;
  const source = readFileSync(join(dir, 'lib', 'imports', 'k8s.js'), 'utf8');
  const schemas = new JsiiSchemas(types, prefix);
  const cluster = clusterScopedKinds();
  const typeMeta = { apiVersion: { type: 'string' }, kind: { type: 'string' } } as const;
  coreKinds = new Map();
  for (const match of source.matchAll(/fqn: "[^"]+\.k8s\.(Kube\w+)"[^]*?static GVK = \{\s*apiVersion: '([^']+)',\s*kind: '([^']+)'/g)) {
    const [, className, apiVersion, kind] = match;
    const props = `${prefix}${className}Props`;
    if (!types[props]) continue;
    coreKinds.set(`${apiVersion}/${kind}`, { apiVersion, kind, namespaced: !cluster.has(kind), schema: schemas.struct(props, typeMeta) });
  }
  return coreKinds;
}

/** The ObjectMeta schema of core Kubernetes, used for every object's `metadata` (custom resources included). */
export function objectMetaSchema(): StructuralSchema {
  loadCoreKinds();
  const kind = coreKinds!.get('v1/ConfigMap')!;
  return kind.schema.properties!.metadata;
}

/** The keys of a JSON pointer: `/spec/ports/0` -> `spec`, `ports`, `0`. */
function pointerKeys(pointer: string): string[] {
  return pointer.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const GO_INTEGER_FORMATS = new Set(['int32', 'int64']);

/**
 * The upstream OpenAPI document's verdicts that the API server also gives on a core kind: enum values (its Go
 * validation rejects the others), integers where a number is fractional or beyond int32/int64 (JSON decoding into
 * the Go field fails), and base64 for `byte` fields. `required` is left out: a missing field decodes as its zero
 * value, and the Go rules (core-rules.ts) say which zero values are refused.
 */
export function checkUpstreamValues(object: unknown, apiVersion: string, kind: string): FieldError[] {
  const { validate } = upstreamKind(apiVersion, kind);
  if (!validate || validate(object)) return [];
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const keys = pointerKeys(error.instancePath);
    const path = keys.reduce((parent, key) => (/^\d+$/.test(key) ? indexPath(parent, key) : childPath(parent, key)), '');
    const value = keys.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], object);
    let rule: string | undefined;
    if (error.keyword === 'enum') {
      rule = `Unsupported value: ${JSON.stringify(value)}: supported values: ${(error.params.allowedValues ?? []).map((allowed) => JSON.stringify(allowed)).join(', ')}`;
    } else if (error.keyword === 'type' && error.params.type === 'integer' && typeof value === 'number') {
      rule = `Invalid value: ${value}: must be an integer (the API server cannot decode ${value} into an integer field)`;
    } else if (error.keyword === 'format' && GO_INTEGER_FORMATS.has(error.params.format ?? '')) {
      rule = `Invalid value: ${JSON.stringify(value)}: out of range for ${error.params.format} (the API server cannot decode it)`;
    } else if (error.keyword === 'format' && error.params.format === 'byte') {
      rule = `Invalid value: ${JSON.stringify(value)}: must be base64-encoded data`;
    }
    if (rule && !seen.has(path)) {
      seen.add(path);
      errors.push({ path, rule });
    }
  }
  return errors;
}
