import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as cm from '../../imports/cert-manager.io';
import { IResource, objectMetadata, Resource, ResourceProps } from '../core/resource';
import { checkDnsLabel, checkDnsSubdomain, checkKnownKeys, checkRequired, fail, PropSource } from '../core/validate-props';
import type { Certificate, ICertificate } from './certificate';

/** The kind of cert-manager issuer a Certificate names in its `issuerRef`. */
export type IssuerKind = 'Issuer' | 'ClusterIssuer';

/**
 * Anything that signs Certificates: an Issuer or ClusterIssuer in the chart, or one that already exists.
 * @see https://cert-manager.io/docs/concepts/issuer/
 */
export interface ICertificateIssuer extends IResource {
  /** Issuer or ClusterIssuer. */
  readonly kind: IssuerKind;
  /** The namespace of an Issuer, which only signs Certificates there; undefined for a ClusterIssuer. */
  readonly namespace?: string;
  /** True when a construct of this library renders the issuer; false for one that already exists in the cluster. */
  readonly inChart: boolean;
  /** The CA certificate a CA issuer signs with, when known; issuers sharing it are the same CA. */
  readonly caCertificate?: ICertificate;
}

/** What the chart must know about a namespaced Issuer it does not render. */
export interface IssuerAttributes {
  /** The Issuer's name. */
  readonly name: string;
  /** The Issuer's namespace; it signs Certificates there only. */
  readonly namespace: string;
}

/** Checks an issuer's kind, name and namespace where a construct receives it, for issuers written by hand too. */
export function checkIssuer(where: PropSource, field: string, issuer: ICertificateIssuer): ICertificateIssuer {
  checkRequired(where, field, issuer,
    'the issuer that signs it: BackendMtls\' `issuer`, a SelfSignedCa\'s, or ExistingIssuer.fromClusterIssuerName(...)');
  if (issuer?.kind !== 'Issuer' && issuer?.kind !== 'ClusterIssuer') fail(where, `${field}.kind`, issuer?.kind, 'must be Issuer or ClusterIssuer');
  checkDnsSubdomain(where, `${field}.name`, issuer.name);
  if (issuer.kind === 'Issuer') checkDnsLabel(where, `${field}.namespace`, issuer.namespace!);
  return issuer;
}

/** An issuer that lives outside the chart, named by the user. */
export class ExistingIssuer extends Construct implements ICertificateIssuer {
  /** A ClusterIssuer that already exists, e.g. `selfsigned-ca`; it signs Certificates in any namespace. */
  public static fromClusterIssuerName(scope: Construct, id: string, name: string): ICertificateIssuer {
    return new ExistingIssuer(scope, id, 'ClusterIssuer', name);
  }

  /** A namespaced Issuer that already exists; it signs Certificates in its own namespace only. */
  public static fromIssuerAttributes(scope: Construct, id: string, attrs: IssuerAttributes): ICertificateIssuer {
    return new ExistingIssuer(scope, id, 'Issuer', attrs.name, attrs.namespace);
  }

  public readonly inChart = false;
  public readonly name: string;
  public readonly namespace?: string;

  private constructor(scope: Construct, id: string, public readonly kind: IssuerKind, name: string, namespace?: string) {
    super(scope, id);
    this.name = checkDnsSubdomain(this, 'name', name);
    this.namespace = namespace === undefined ? undefined : checkDnsLabel(this, 'namespace', namespace);
  }
}

/** Props for {@link Issuer}. */
export interface IssuerProps extends ResourceProps {
  /** The Issuer's name. */
  readonly name: string;
  /** The Issuer's namespace; it signs Certificates there only. */
  readonly namespace: string;
  /**
   * The CA certificate this Issuer signs with (a CA Issuer).
   * @default - a self-signed Issuer, which signs each Certificate with that Certificate's own key
   * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CAIssuer
   */
  readonly caCertificate?: Certificate;
}

const ISSUER_PROPS_KEYS = { metadata: true, name: true, namespace: true, caCertificate: true } satisfies Record<keyof IssuerProps, true>;

/**
 * A namespaced cert-manager Issuer: self-signed, or a CA Issuer backed by a CA Certificate's Secret.
 * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.Issuer
 */
export class Issuer extends Resource implements ICertificateIssuer {
  public readonly kind = 'Issuer';
  public readonly inChart = true;
  public readonly apiObject: ApiObject;
  public readonly name: string;
  public readonly namespace: string;
  /** The CA certificate this Issuer signs with; undefined for a self-signed Issuer. */
  public readonly caCertificate?: Certificate;

  constructor(scope: Construct, id: string, props: IssuerProps) {
    super(scope, id);
    checkKnownKeys(this, 'props', props, ISSUER_PROPS_KEYS);
    this.name = checkDnsSubdomain(this, 'name', props.name);
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace);
    this.caCertificate = props.caCertificate;
    this.apiObject = new cm.Issuer(this, 'Resource', {
      metadata: objectMetadata(this, props, this.namespace),
      spec: props.caCertificate ? { ca: { secretName: props.caCertificate.secretName } } : { selfSigned: {} },
    });
  }
}
