import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StructuralSchema } from './structural-schema';

/**
 * The Kubernetes OpenAPI source for core kinds: cdk8s-plus-33 (pinned in package.json), whose `.jsii` type
 * system is generated from the Kubernetes 1.33 OpenAPI document and keeps every field's original JSON name
 * (`@schema io.k8s.api.core.v1.ServiceSpec#clusterIP`), its type and whether it is required.
 */
export const CORE_SCHEMA_PACKAGE = 'cdk8s-plus-33';

/** One core kind: its schema and whether it is namespaced. */
export interface CoreKind {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly schema: StructuralSchema;
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
    const required: string[] = [];
    const schema: StructuralSchema = { type: 'object', properties, required };
    if (Object.keys(extra).length === 0) this.built.set(fqn, schema);
    for (const property of this.types[fqn].properties ?? []) {
      const jsonName = property.docs?.custom?.schema?.split('#')[1] ?? property.name;
      properties[jsonName] = this.schemaOf(property.type);
      if (!property.optional) required.push(jsonName);
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
