import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as gw from '../../imports/gateway.networking.k8s.io';
import { objectMetadata, Resource, ResourceProps } from '../core/resource';
import { checkDnsLabel, checkDnsSubdomain, checkKnownKeys, fail } from '../core/validate-props';

/** The objects a ReferenceGrant trusts to reference into its namespace: a kind in a namespace. */
export interface ReferenceGrantFrom {
  /** The API group of the referring kind, e.g. 'gateway.networking.k8s.io'. */
  readonly group: string;
  /** The referring kind, e.g. 'HTTPRoute' or 'Gateway'. */
  readonly kind: string;
  /** The namespace the referring objects live in. */
  readonly namespace: string;
}

/** The objects in the grant's namespace that may be referenced. */
export interface ReferenceGrantTo {
  /** The API group of the referenced kind; '' for core. */
  readonly group: string;
  /** The referenced kind, e.g. 'Service', 'Secret' or 'Backend'. */
  readonly kind: string;
  /** The one object that may be referenced. @default - every object of the kind in the namespace */
  readonly name?: string;
}

/** Props for {@link ReferenceGrant}. */
export interface ReferenceGrantProps extends ResourceProps {
  /** The grant's name. */
  readonly name: string;
  /** The namespace whose objects the grant opens to references; the referenced objects live here. */
  readonly namespace: string;
  /**
   * Who may refer.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#referencegrantfrom
   */
  readonly from: ReferenceGrantFrom[];
  /**
   * What they may refer to.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#referencegrantto
   */
  readonly to: ReferenceGrantTo[];
}

const REFERENCE_GRANT_FROM_KEYS = { group: true, kind: true, namespace: true } satisfies Record<keyof ReferenceGrantFrom, true>;
const REFERENCE_GRANT_TO_KEYS = { group: true, kind: true, name: true } satisfies Record<keyof ReferenceGrantTo, true>;
const REFERENCE_GRANT_PROPS_KEYS = {
  metadata: true, name: true, namespace: true, from: true, to: true,
} satisfies Record<keyof ReferenceGrantProps, true>;

/**
 * A Gateway API ReferenceGrant: the referenced namespace's consent to a cross-namespace reference.
 * @see https://gateway-api.sigs.k8s.io/api-types/referencegrant/
 */
export class ReferenceGrant extends Resource {
  public readonly apiObject: ApiObject;
  public readonly name: string;
  public readonly namespace: string;
  /** The kinds and namespaces allowed to refer. */
  public readonly from: readonly ReferenceGrantFrom[];
  /** The kinds, and optionally names, they may refer to in this namespace. */
  public readonly to: readonly ReferenceGrantTo[];

  constructor(scope: Construct, id: string, props: ReferenceGrantProps) {
    super(scope, id);
    checkKnownKeys(this, 'props', props, REFERENCE_GRANT_PROPS_KEYS);
    props.from.forEach((from, index) => checkKnownKeys(this, `from[${index}]`, from, REFERENCE_GRANT_FROM_KEYS));
    props.to.forEach((to, index) => checkKnownKeys(this, `to[${index}]`, to, REFERENCE_GRANT_TO_KEYS));
    this.name = checkDnsSubdomain(this, 'name', props.name);
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace);
    if (props.from.length < 1 || props.from.length > 16) fail(this, 'from', props.from.length, 'must list 1 to 16 referrers');
    if (props.to.length < 1 || props.to.length > 16) fail(this, 'to', props.to.length, 'must list 1 to 16 targets');
    props.from.forEach((from, index) => {
      checkDnsLabel(this, `from[${index}].namespace`, from.namespace);
      if (from.namespace === this.namespace) {fail(this, `from[${index}].namespace`, from.namespace, 'is the grant\'s own namespace: '
        + 'same-namespace references need no ReferenceGrant');}
    });
    props.to.forEach((to, index) => { if (to.name !== undefined) checkDnsSubdomain(this, `to[${index}].name`, to.name); });
    this.from = props.from;
    this.to = props.to;
    this.apiObject = new gw.ReferenceGrant(this, 'Resource', {
      metadata: objectMetadata(this, props, this.namespace),
      spec: {
        from: this.from.map((from) => ({ group: from.group, kind: from.kind, namespace: from.namespace })),
        to: this.to.map((to) => ({ group: to.group, kind: to.kind, name: to.name })),
      },
    });
  }
}
