import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { checkDnsLabel } from '../checks/rules';
import { clusterScoped } from './cluster-scoped';

/** Props for {@link RestrictedNamespace}. */
export interface RestrictedNamespaceProps {
  /** The namespace's name. */
  readonly name: string;
}

/** A Namespace that enforces, audits and warns on the Pod Security `restricted` profile. */
export class RestrictedNamespace extends Construct {
  public readonly name: string;
  public readonly namespace: kplus.Namespace;

  constructor(scope: Construct, id: string, props: RestrictedNamespaceProps) {
    super(scope, id);
    this.name = checkDnsLabel(this, 'name', props.name);
    const labels: Record<string, string> = { 'kubernetes.io/metadata.name': this.name };
    for (const mode of ['enforce', 'audit', 'warn']) {
      labels[`pod-security.kubernetes.io/${mode}`] = 'restricted';
      labels[`pod-security.kubernetes.io/${mode}-version`] = 'latest';
    }
    this.namespace = new kplus.Namespace(this, 'Resource', { metadata: { name: this.name, labels } });
    clusterScoped(ApiObject.of(this.namespace));
  }
}
