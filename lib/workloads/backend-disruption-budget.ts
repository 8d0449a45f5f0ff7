import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { objectMetadata, Resource, ResourceProps } from '../core/resource';
import { checkDnsSubdomain, checkKnownKeys, fail } from '../core/validate-props';
import { IBackendService } from './backend-service';

/** Props for {@link BackendDisruptionBudget}. */
export interface BackendDisruptionBudgetProps extends ResourceProps {
  /** The budget's name. @default - the Service's name */
  readonly name?: string;
  /** The backend whose pods the budget protects; it must run more than one replica. */
  readonly backend: IBackendService;
}

const BACKEND_DISRUPTION_BUDGET_PROPS_KEYS = { metadata: true, name: true, backend: true } satisfies Record<keyof BackendDisruptionBudgetProps, true>;

/** A PodDisruptionBudget that lets voluntary disruptions (node drains) take at most one backend pod at a time. */
export class BackendDisruptionBudget extends Resource {
  public readonly apiObject: ApiObject;
  public readonly name: string;
  public readonly namespace: string;
  /** The backend whose pods the budget keeps available. */
  public readonly backend: IBackendService;
  /** How many pods may be down at once. */
  public readonly maxUnavailable = 1;

  constructor(scope: Construct, id: string, props: BackendDisruptionBudgetProps) {
    super(scope, id);
    checkKnownKeys(this, 'props', props, BACKEND_DISRUPTION_BUDGET_PROPS_KEYS);
    this.backend = props.backend;
    this.namespace = props.backend.namespace;
    this.name = checkDnsSubdomain(this, 'name', props.name ?? props.backend.serviceName);
    const replicas = props.backend.replicas ?? 0;
    if (replicas <= 1) fail(this, 'backend.replicas', replicas, 'must exceed 1: a budget over a single pod blocks every node drain');
    const podLabels = props.backend.podLabels;
    if (!podLabels || Object.keys(podLabels).length === 0) fail(this, 'backend.podLabels', podLabels ?? null, 'must be known to select the pods');

    this.apiObject = new k8s.KubePodDisruptionBudget(this, 'Resource', {
      metadata: objectMetadata(this, { ...props, name: this.name }, this.namespace),
      spec: {
        maxUnavailable: k8s.IntOrString.fromNumber(this.maxUnavailable),
        selector: { matchLabels: { ...podLabels } },
      },
    });
  }
}
