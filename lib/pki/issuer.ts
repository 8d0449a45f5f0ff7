import { Construct } from 'constructs';
import * as cm from '../../imports/cert-manager.io';
import { checkDnsLabel, checkDnsSubdomain, fail, PropSource } from '../checks/rules';
import type { Certificate } from './certificate';

/** The kind of cert-manager issuer a Certificate names in its `issuerRef`. */
export type IssuerKind = 'Issuer' | 'ClusterIssuer';

/** Anything that signs Certificates: an Issuer or ClusterIssuer in the chart, or one that already exists. */
export interface ICertificateIssuer {
  /** Issuer or ClusterIssuer. */
  readonly kind: IssuerKind;
  /** The issuer's name. */
  readonly name: string;
  /** The namespace of an Issuer, which only signs Certificates there; undefined for a ClusterIssuer. */
  readonly namespace?: string;
  /** True when the chart itself renders the issuer; false for one that already exists in the cluster. */
  readonly inChart: boolean;
}

/** A stable key for an issuer (kind, namespace, name), so two references to one issuer compare equal. */
export function issuerKey(issuer: ICertificateIssuer): string {
  return issuer.kind === 'ClusterIssuer' ? `ClusterIssuer/${issuer.name}` : `Issuer/${issuer.namespace}/${issuer.name}`;
}

/** Checks an issuer's kind, name and namespace where a construct receives it, for issuers written by hand too. */
export function checkIssuer(where: PropSource, field: string, issuer: ICertificateIssuer): ICertificateIssuer {
  if (issuer?.kind !== 'Issuer' && issuer?.kind !== 'ClusterIssuer') fail(where, `${field}.kind`, issuer?.kind, 'must be Issuer or ClusterIssuer');
  checkDnsSubdomain(where, `${field}.name`, issuer.name);
  if (issuer.kind === 'Issuer') checkDnsLabel(where, `${field}.namespace`, issuer.namespace!);
  return issuer;
}

/** An issuer that lives outside the chart, named by the user. */
export class ExistingIssuer implements ICertificateIssuer {
  /** A ClusterIssuer that already exists, e.g. `selfsigned-ca`; it signs Certificates in any namespace. */
  public static fromClusterIssuerName(name: string): ICertificateIssuer {
    return new ExistingIssuer('ClusterIssuer', checkDnsSubdomain('ExistingIssuer.fromClusterIssuerName', 'name', name));
  }

  /** A namespaced Issuer that already exists; it signs Certificates in its own namespace only. */
  public static fromIssuerName(name: string, namespace: string): ICertificateIssuer {
    return new ExistingIssuer('Issuer', checkDnsSubdomain('ExistingIssuer.fromIssuerName', 'name', name), checkDnsLabel('ExistingIssuer.fromIssuerName', 'namespace', namespace));
  }

  public readonly inChart = false;

  private constructor(public readonly kind: IssuerKind, public readonly name: string, public readonly namespace?: string) {}
}

/** Props for {@link Issuer}. */
export interface IssuerProps {
  /** The Issuer's name. */
  readonly name: string;
  /** The Issuer's namespace; it signs Certificates there only. */
  readonly namespace: string;
  /**
   * The CA certificate this Issuer signs with (a CA Issuer).
   * @default - a self-signed Issuer, which signs each Certificate with that Certificate's own key
   */
  readonly caCertificate?: Certificate;
}

/** A namespaced cert-manager Issuer: self-signed, or a CA Issuer backed by a CA Certificate's Secret. */
export class Issuer extends Construct implements ICertificateIssuer {
  public readonly kind = 'Issuer';
  public readonly inChart = true;
  public readonly name: string;
  public readonly namespace: string;
  /** The CA certificate this Issuer signs with; undefined for a self-signed Issuer. */
  public readonly caCertificate?: Certificate;

  constructor(scope: Construct, id: string, props: IssuerProps) {
    super(scope, id);
    this.name = checkDnsSubdomain(this, 'name', props.name);
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace);
    this.caCertificate = props.caCertificate;
    new cm.Issuer(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: props.caCertificate ? { ca: { secretName: props.caCertificate.secretName } } : { selfSigned: {} },
    });
  }
}
