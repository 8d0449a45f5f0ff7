import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as trust from '../../imports/trust.cert-manager.io';
import { clusterScoped } from '../core/cluster-scoped';
import { objectMetadata, Resource, ResourceProps } from '../core/resource';
import { checkDnsLabel, checkKnownKeys, fail } from '../core/validate-props';
import { CaTrust } from './ca-trust';
import { ICertificateIssuer } from './issuer';

/** Props for {@link TrustBundle}. */
export interface TrustBundleProps extends ResourceProps {
  /** The Bundle's name, which is also the name of the ConfigMap trust-manager writes. @default - derived from the construct path */
  readonly name?: string;
  /**
   * The Secret or ConfigMap key holding the CA, in trust-manager's trust namespace, e.g.
   * `CaTrust.fromSecretAttributes(this, 'Source', { name: 'root-ca', key: 'tls.crt' })`.
   * @see https://cert-manager.io/docs/trust/trust-manager/api-reference/#bundlespec
   */
  readonly source: CaTrust;
  /** The issuer whose CA the source holds, so verifiers know which certificates it validates. */
  readonly authority: ICertificateIssuer;
  /** trust-manager's trust namespace, the only one it reads sources from. @default 'cert-manager' */
  readonly trustNamespace?: string;
  /**
   * Namespaces to write the ConfigMap into; add more with {@link TrustBundle.addTargetNamespace}. @default - none until added
   * @see https://cert-manager.io/docs/trust/trust-manager/api-reference/#bundlespec
   */
  readonly targetNamespaces?: string[];
}

const TRUST_BUNDLE_PROPS_KEYS = {
  metadata: true, name: true, source: true, authority: true, trustNamespace: true, targetNamespaces: true,
} satisfies Record<keyof TrustBundleProps, true>;

/**
 * A trust-manager Bundle (cluster-scoped) that copies a CA into a ConfigMap, key `ca.crt`, in each target namespace,
 * the form Gateway API's core conformance expects a BackendTLSPolicy to reference.
 * @see https://cert-manager.io/docs/trust/trust-manager/api-reference/#bundle
 */
export class TrustBundle extends Resource {
  public readonly apiObject: ApiObject;
  public readonly name: string;
  /** Undefined: a Bundle is cluster-scoped. */
  public readonly namespace = undefined;
  /** Where trust-manager reads the CA certificate from. */
  public readonly source: CaTrust;
  /** The CA the bundle distributes. */
  public readonly authority: ICertificateIssuer;
  /** trust-manager's trust namespace, where a Secret or ConfigMap source must live. */
  public readonly trustNamespace: string;
  /** The key of the CA in the written ConfigMaps. */
  public readonly key = 'ca.crt';
  private readonly _targetNamespaces = new Set<string>();

  constructor(scope: Construct, id: string, props: TrustBundleProps) {
    super(scope, id);
    checkKnownKeys(this, 'props', props, TRUST_BUNDLE_PROPS_KEYS);
    this.source = props.source;
    if (this.source.bundle) {
      fail(this, 'source', this.source.name, 'is the ConfigMap of a trust-manager Bundle; name the Secret or ConfigMap in the trust namespace '
        + 'that holds the CA itself');
    }
    this.authority = props.authority;
    this.trustNamespace = checkDnsLabel(this, 'trustNamespace', props.trustNamespace ?? 'cert-manager');
    if (this.source.namespace !== undefined && this.source.namespace !== this.trustNamespace) {
      fail(this, 'source.namespace', this.source.namespace, `must be trust-manager's trust namespace "${this.trustNamespace}": trust-manager `
        + `reads Bundle sources only there; issue the CA there or set trustNamespace to the namespace trust-manager was installed with `
          + `(--trust-namespace)`);
    }
    for (const namespace of props.targetNamespaces ?? []) this.addTargetNamespace(namespace);

    const bundle = new trust.Bundle(this, 'Resource', {
      metadata: objectMetadata(this, props),
      spec: {
        sources: [this.source.kind === 'Secret'
          ? { secret: { name: this.source.name, key: this.source.key } }
          : { configMap: { name: this.source.name, key: this.source.key } }],
        target: {
          configMap: { key: this.key },
          namespaceSelector: {
            matchExpressions: [{
              key: 'kubernetes.io/metadata.name',
              operator: 'In',
              values: Lazy.any({ produce: () => this.targetNamespaces }) as unknown as string[],
            }],
          },
        },
      },
    });
    clusterScoped(bundle);
    this.apiObject = bundle;
    this.name = bundle.name;
  }

  /** The namespaces trust-manager writes the ConfigMap into, sorted. */
  public get targetNamespaces(): string[] {
    return [...this._targetNamespaces].sort();
  }

  /** Adds a namespace the ConfigMap is written into (idempotent) and returns it. */
  public addTargetNamespace(namespace: string): string {
    this._targetNamespaces.add(checkDnsLabel(this, 'targetNamespaces[]', namespace));
    return namespace;
  }

  /** Whether trust-manager writes the ConfigMap into `namespace`. */
  public reaches(namespace: string): boolean {
    return this._targetNamespaces.has(namespace);
  }
}
