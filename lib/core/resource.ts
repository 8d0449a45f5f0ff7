import { ApiObject, ApiObjectMetadata, ApiObjectMetadataDefinition } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { checkOneCdk8s } from './one-cdk8s';
import { checkDnsSubdomain } from './validate-props';

/**
 * Labels and annotations of one rendered object.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/
 */
export interface ResourceMetadata {
  /** Labels added to the object, beside the chart's own. @default - only the chart's labels */
  readonly labels?: Record<string, string>;
  /** Annotations added to the object. @default - none */
  readonly annotations?: Record<string, string>;
}

/** Props every construct that renders one Kubernetes object takes. */
export interface ResourceProps {
  /** Labels and annotations of the rendered object. @default - only the chart's labels */
  readonly metadata?: ResourceMetadata;
}

/** A Kubernetes object a construct renders or references: its name and, when namespaced, its namespace. */
export interface IResource extends IConstruct {
  /** The object's `metadata.name`. */
  readonly name: string;
  /** The object's `metadata.namespace`; undefined for a cluster-scoped object. */
  readonly namespace?: string;
}

/** A function told of every {@link Resource} as it is created. */
export type ResourceCreationHook = (resource: Resource) => void;

/** The hooks of {@link onResourceCreated}, in the order they were registered. */
const creationHooks: ResourceCreationHook[] = [];

/**
 * Registers a function called with every Resource created from now on, once per function. The wiring checks
 * (lib/checks) register here, so they stand above the constructs they inspect and no construct imports them.
 */
export function onResourceCreated(hook: ResourceCreationHook): void {
  if (!creationHooks.includes(hook)) creationHooks.push(hook);
}

/**
 * The base of every construct that renders one Kubernetes object as its child `Resource` (as cdk8s-plus's
 * `Resource`): it gives access to that object and its metadata, and tells the creation hooks (the wiring checks) of it.
 */
export abstract class Resource extends Construct implements IResource {
  /** The rendered object, the child with id `Resource` (`ApiObject.of(this)`). */
  public abstract readonly apiObject: ApiObject;
  public abstract readonly name: string;
  public abstract readonly namespace?: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    checkOneCdk8s(this);
    for (const hook of creationHooks) hook(this);
  }

  /** The rendered object's metadata, to add labels, annotations or finalizers after construction. */
  public get metadata(): ApiObjectMetadataDefinition {
    return this.apiObject.metadata;
  }
}

/** The `metadata` of an object: the given name (or none, so cdk8s derives it from the construct path) and the user's labels and annotations. */
export function objectMetadata(scope: Construct, props: ResourceProps & { readonly name?: string }, namespace?: string): ApiObjectMetadata {
  // Keys left out, not undefined: cdk8s spreads these over the name it derives and the chart's namespace.
  const metadata: { -readonly [K in keyof ApiObjectMetadata]: ApiObjectMetadata[K] } = {};
  if (props.name !== undefined) metadata.name = checkDnsSubdomain(scope, 'name', props.name);
  if (namespace !== undefined) metadata.namespace = namespace;
  if (props.metadata?.labels) metadata.labels = props.metadata.labels;
  if (props.metadata?.annotations) metadata.annotations = props.metadata.annotations;
  return metadata;
}
