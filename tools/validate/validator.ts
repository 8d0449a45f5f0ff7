import { checkCoreRules } from './core-rules';
import { checkUpstreamValues, loadCoreKinds, objectMetaSchema, upstreamKind } from './core-schemas';
import { coreStatusSchema } from './core-status';
import { CrdCatalog, type CrdVersion } from './crd-catalog';
import { pinnedCrdFiles, type PinnedCrd } from './crd-sources';
import { withDefaults } from './defaulting';
import { checkMetadata, NAME_RULES, type NameRule } from './metadata';
import { describeObject, isRecord, type Problem } from './problem';
import { checkWebhooks } from './rules/webhooks';
import { checkSchema, type FieldError } from './schema';
import type { StructuralSchema } from './structural-schema';

/** Which Gateway API release channel a cluster has installed; the two define the same kinds differently. */
export type GatewayApiChannel = 'standard' | 'experimental';

/** Options for {@link Validator.fromPinnedCrds}. */
export interface PinnedCrdOptions {
  /**
   * The Gateway API channel to validate against.
   * @default 'standard' - what a cluster gets from Gateway API's standard-install.yaml
   */
  readonly channel?: GatewayApiChannel;
}

/** Keeps the pinned files of one Gateway API channel (and every non-Gateway-API file). */
export function pinsForChannel(channel: GatewayApiChannel): (pin: PinnedCrd) => boolean {
  const other = channel === 'standard' ? 'experimental' : 'standard';
  return (pin) => !pin.path.includes(`/${other}/`);
}

interface Target {
  readonly namespaced: boolean;
  readonly schema: StructuralSchema;
  readonly nameRule: NameRule;
  /** Whether the API server resets `status` on create (status subresource, or a core kind with a status). */
  readonly dropsStatus: boolean;
  /** A core kind's upstream value checks and Go-side rules. */
  readonly core?: { readonly apiVersion: string; readonly kind: string };
}

/**
 * Gives, offline, the verdict the API server would give on creating each object: the apiVersion is served, the
 * scope matches, metadata is well formed, and the object passes its structural schema with strict field
 * validation and every CEL rule of its CRD; `status` is dropped first where the API server resets it. Core kinds
 * are checked against Kubernetes 1.33's OpenAPI values and the Go-side rules of the kinds this project renders.
 * What the API server only warns about (a deprecated version, a namespaced object without a namespace, which
 * kubectl fills in) comes back as a problem with `warning: true`.
 */
export class Validator {
  /**
   * The validator for the pinned CRDs (crds.sha256), read from the repository's `crds/` folder, each file checked
   * against its sha256; one instance per channel and process.
   */
  public static fromPinnedCrds(options: PinnedCrdOptions = {}): Validator {
    const channel = options.channel ?? 'standard';
    return Validator.pinned.get(channel) ?? Validator.remember(channel, Validator.fromCrdFiles(pinnedCrdFiles(pinsForChannel(channel))));
  }

  /** A validator for the CRDs in the given YAML files (one or many CRDs per file). */
  public static fromCrdFiles(files: readonly string[]): Validator {
    if (files.length === 0) throw new Error('no CRD files given: the validator needs every CRD the manifests use');
    return new Validator(CrdCatalog.fromFiles(files));
  }

  private static readonly pinned = new Map<GatewayApiChannel, Validator>();

  private static remember(channel: GatewayApiChannel, validator: Validator): Validator {
    Validator.pinned.set(channel, validator);
    return validator;
  }

  private readonly schemas = new WeakMap<CrdVersion, StructuralSchema>();

  constructor(public readonly catalog: CrdCatalog) {}

  /** Every problem with `objects`, in order; `file` is recorded on each problem when given. */
  public validate(objects: readonly unknown[], file?: string): Problem[] {
    const problems: Problem[] = [];
    for (const object of objects) {
      const name = describeObject(object);
      for (const { warning, ...error } of this.check(object)) {
        problems.push({ ...(file === undefined ? {} : { file }), object: name, ...error, ...(warning ? { warning } : {}) });
      }
    }
    return problems;
  }

  private check(object: unknown): FieldError[] {
    if (!isRecord(object)) return [{ path: '', rule: 'Invalid value: not a Kubernetes object (expected a mapping with apiVersion and kind)' }];
    const { apiVersion, kind } = object;
    if (typeof apiVersion !== 'string' || !apiVersion) return [{ path: 'apiVersion', rule: 'Required value: must not be empty' }];
    if (typeof kind !== 'string' || !kind) return [{ path: 'kind', rule: 'Required value: must not be empty' }];
    const errors: FieldError[] = [];
    const target = this.target(apiVersion, kind, errors);
    if (!target) return errors;
    const namespace = isRecord(object.metadata) ? object.metadata.namespace : undefined;
    if (target.namespaced && !namespace) {
      const rule = `Warning: ${kind} is namespaced and names no namespace: kubectl creates it in its context's namespace (or --namespace)`;
      errors.push({ path: 'metadata.namespace', warning: true, rule });
    }
    // rest.BeforeCreate clears the namespace of a cluster-scoped object before it validates the object.
    const received = !target.namespaced && namespace !== undefined && isRecord(object.metadata)
      ? { ...object, metadata: Object.fromEntries(Object.entries(object.metadata).filter(([key]) => key !== 'namespace')) }
      : object;
    // The strategy's warnings (WarningsOnCreate: pod and Service warnings, a custom resource's bare finalizer) reach the
    // client only when validation passes: rest.BeforeCreate returns the field errors before it asks for them.
    const strategyWarnings = new Set<FieldError>();
    const metadataErrors = checkMetadata(received.metadata, target.nameRule, target.core !== undefined);
    for (const error of metadataErrors) if (error.warning) strategyWarnings.add(error);
    errors.push(...metadataErrors);
    const hasStatus = target.dropsStatus && 'status' in received;
    // Strict field validation (kubectl's default) reports unknown fields while decoding, before status is dropped.
    if (hasStatus) errors.push(...this.statusDecodeErrors(received, target));
    const created = hasStatus ? Object.fromEntries(Object.entries(received).filter(([key]) => key !== 'status')) : received;
    const stored = withDefaults(created, target.schema);
    const schemaErrors = checkSchema(stored, target.schema);
    errors.push(...schemaErrors);
    const refused = () => errors.some((error) => !error.warning);
    if (target.core && isRecord(stored)) {
      const rules = this.checkCoreKind(stored, target.core.apiVersion, target.core.kind, schemaErrors);
      for (const error of rules) if (error.warning) strategyWarnings.add(error);
      errors.push(...rules);
    } else if (isRecord(stored) && !refused()) {
      // Validating webhooks run after the API server's own validation passed; their warnings come with their verdict.
      errors.push(...checkWebhooks(stored, apiVersion, kind));
    }
    return refused() ? errors.filter((error) => !strategyWarnings.has(error)) : errors;
  }

  /**
   * What decoding says of `status` before the strategy drops it: unknown fields (strict field validation), and for a
   * core kind also a value its Go field cannot hold (json.Unmarshal fails before any strategy runs).
   */
  private statusDecodeErrors(object: Record<string, unknown>, target: Target): FieldError[] {
    const statusSchema = target.core ? coreStatusSchema(target.core.apiVersion, target.core.kind) : target.schema.properties?.status;
    if (!statusSchema) return [];
    const decoded = checkSchema({ status: object.status }, { type: 'object', properties: { status: statusSchema } });
    return decoded.filter((error) => error.rule.startsWith('unknown field') || (target.core !== undefined && / must be of type /.test(error.rule)));
  }

  /** A core kind's upstream values and Go-side rules, each error once (a schema error on a path stands for it). */
  private checkCoreKind(stored: Record<string, unknown>, apiVersion: string, kind: string, schemaErrors: readonly FieldError[]): FieldError[] {
    const reported = new Set(schemaErrors.map((error) => error.path));
    const rules = checkCoreRules(stored, apiVersion, kind);
    // Where a Go rule judges a value, its words stand: the OpenAPI enum's sorted list then says nothing more.
    const judged = new Set(rules.filter((error) => !error.warning).map((error) => error.path));
    const upstream = checkUpstreamValues(stored, apiVersion, kind)
      .filter((error) => !reported.has(error.path) && !(judged.has(error.path) && error.rule.startsWith('Unsupported value')));
    const said = new Set(upstream.map((error) => `${error.path}: ${error.rule}`));
    return [...upstream, ...rules.filter((error) => !said.has(`${error.path}: ${error.rule}`))];
  }

  private target(apiVersion: string, kind: string, errors: FieldError[]): Target | undefined {
    const crd = this.catalog.lookup(apiVersion, kind);
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    if (crd) {
      if (!crd.served) {
        const served = this.catalog.versionsOf(group, kind).filter((version) => version.served).map((version) => version.version);
        errors.push({ path: 'apiVersion', rule: `Invalid value: ${JSON.stringify(apiVersion)}: no matches for kind "${kind}" in version "${apiVersion}": the CRD does not serve it (served: ${served.join(', ') || 'none'})` });
        return undefined;
      }
      if (crd.deprecated) {
        errors.push({ path: 'apiVersion', warning: true, rule: `Warning: ${crd.deprecationWarning ?? `${apiVersion} ${kind} is deprecated`}` });
      }
      return { namespaced: crd.namespaced, schema: this.rootSchema(crd), nameRule: 'subdomain', dropsStatus: crd.statusSubresource };
    }
    const core = loadCoreKinds().get(`${apiVersion}/${kind}`);
    if (core) {
      const dropsStatus = upstreamKind(apiVersion, kind).hasStatus;
      return { namespaced: core.namespaced, schema: core.schema, nameRule: NAME_RULES[kind] ?? 'subdomain', dropsStatus, core: { apiVersion, kind } };
    }
    const known = this.catalog.versionsOf(group, kind).map((version) => version.version);
    const hint = known.length > 0 ? `the CRD defines ${known.join(', ')}` : 'no loaded CRD or core kind defines it';
    errors.push({ path: 'apiVersion', rule: `Invalid value: ${JSON.stringify(apiVersion)}: no matches for kind "${kind}" in version "${apiVersion}": ${hint}` });
    return undefined;
  }

  /** The CRD's schema with `metadata` checked as the API server checks it: full ObjectMeta, strict fields. */
  private rootSchema(crd: CrdVersion): StructuralSchema {
    let schema = this.schemas.get(crd);
    if (!schema) {
      const meta = objectMetaSchema();
      const declared = crd.schema.properties?.metadata;
      const metadata: StructuralSchema = { ...declared, ...meta, properties: { ...meta.properties, ...declared?.properties } };
      schema = { ...crd.schema, properties: { ...crd.schema.properties, metadata } };
      this.schemas.set(crd, schema);
    }
    return schema;
  }
}

/**
 * The problems the API server would reject synthesized manifests for (warnings left out), against the pinned
 * CRDs (standard channel unless told) with one validator cached per process:
 * `expect(validateManifests(Testing.synth(chart))).toEqual([])`.
 */
export function validateManifests(objects: readonly unknown[], options: PinnedCrdOptions = {}): Problem[] {
  return Validator.fromPinnedCrds(options).validate(objects).filter((problem) => !problem.warning);
}

