// The validating webhooks a cluster with this project's stack always has (failurePolicy: Fail): their verdict is
// part of what `kubectl apply` answers. They run only on an object that passed its CRD schema.
import type { FieldError } from '../schema';
import { validateCertificate } from './certmanager';
import { validateIssuerConfig } from './certmanager-issuer';
import type { Json } from './common';
import { validateBundle } from './trustmanager';

const WEBHOOKS: Readonly<Record<string, (object: Json) => FieldError[]>> = {
  'cert-manager.io/Certificate': validateCertificate,
  'cert-manager.io/Issuer': validateIssuerConfig,
  'cert-manager.io/ClusterIssuer': validateIssuerConfig,
  'trust.cert-manager.io/Bundle': validateBundle,
};

/** The always-installed webhooks' verdict on one custom resource (none for kinds they do not watch). */
export function checkWebhooks(object: Json, apiVersion: string, kind: string): FieldError[] {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return WEBHOOKS[`${group}/${kind}`]?.(object) ?? [];
}
