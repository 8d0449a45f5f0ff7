import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { clusterScoped } from './cluster-scoped';
import { Resource, ResourceProps } from './resource';
import { checkDnsLabel, checkKnownKeys } from './validate-props';

/** Props for {@link RestrictedNamespace}. */
export interface RestrictedNamespaceProps extends ResourceProps {
  /** The namespace's name. */
  readonly name: string;
}

const RESTRICTED_NAMESPACE_PROPS_KEYS = { metadata: true, name: true } satisfies Record<keyof RestrictedNamespaceProps, true>;

/**
 * A Namespace that enforces, audits and warns on the Pod Security `restricted` profile.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
export class RestrictedNamespace extends Resource {
  public readonly apiObject: ApiObject;
  public readonly name: string;
  /** Undefined: a Namespace is cluster-scoped. */
  public readonly namespace = undefined;
  /** The cdk8s-plus Namespace, for cdk8s-plus APIs that take one. */
  public readonly kubeNamespace: kplus.Namespace;

  constructor(scope: Construct, id: string, props: RestrictedNamespaceProps) {
    super(scope, id);
    checkKnownKeys(this, 'props', props, RESTRICTED_NAMESPACE_PROPS_KEYS);
    this.name = checkDnsLabel(this, 'name', props.name);
    const labels: Record<string, string> = { 'kubernetes.io/metadata.name': this.name };
    for (const mode of ['enforce', 'audit', 'warn']) {
      labels[`pod-security.kubernetes.io/${mode}`] = 'restricted';
      labels[`pod-security.kubernetes.io/${mode}-version`] = 'latest';
    }
    this.kubeNamespace = new kplus.Namespace(this, 'Resource', {
      metadata: { name: this.name, labels: { ...props.metadata?.labels, ...labels }, annotations: props.metadata?.annotations },
    });
    this.apiObject = ApiObject.of(this.kubeNamespace);
    clusterScoped(this.apiObject);
  }
}
