// Valid objects for every kind the validator knows, modelled on the upstream projects' own examples.
import { formatProblem, type Validator } from '../../tools/validate';

const ns = 'backend-mtls';
const meta = (name: string, namespace: string | null = ns) => (namespace ? { name, namespace } : { name });

/** Named valid objects; each must pass against the standard channel. */
export const validExamples: Record<string, Record<string, unknown>> = {
  'Namespace': { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'app.kubernetes.io/part-of': 'backend-mtls' } } },
  'ServiceAccount': { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('backend'), automountServiceAccountToken: false },
  'ConfigMap': { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('backend-config'), data: { 'nginx.conf': 'events {}\n' } },
  'Deployment': {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('backend'),
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'backend' } },
      template: {
        metadata: { labels: { app: 'backend' } },
        spec: {
          serviceAccountName: 'backend',
          containers: [{
            name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 8443, name: 'https' }],
            resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: 0.5, memory: '128Mi' } },
            securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
            volumeMounts: [{ name: 'tls', mountPath: '/etc/tls', readOnly: true }],
            readinessProbe: { tcpSocket: { port: 'https' }, periodSeconds: 5 },
          }],
          volumes: [{ name: 'tls', secret: { secretName: 'backend-tls' } }],
        },
      },
    },
  },
  'Service': { apiVersion: 'v1', kind: 'Service', metadata: meta('backend'), spec: { selector: { app: 'backend' }, ports: [{ name: 'https', port: 443, targetPort: 'https', appProtocol: 'https' }] } },
  'NetworkPolicy': {
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('backend-ingress'),
    spec: { podSelector: { matchLabels: { app: 'backend' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } } }], ports: [{ port: 8443, protocol: 'TCP' }] }] },
  },
  'Issuer self-signed': { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: meta('selfsigned'), spec: { selfSigned: {} } },
  'Issuer CA': { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: meta('backend-ca'), spec: { ca: { secretName: 'backend-ca' } } },
  'ClusterIssuer': { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: meta('root-ca', null), spec: { ca: { secretName: 'root-ca' } } },
  'Certificate CA': {
    apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: meta('backend-ca'),
    spec: { isCA: true, commonName: 'backend-ca', secretName: 'backend-ca', duration: '8760h', privateKey: { algorithm: 'ECDSA', size: 256 }, issuerRef: { name: 'selfsigned', kind: 'Issuer', group: 'cert-manager.io' } },
  },
  'Certificate server': {
    apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: meta('backend-tls'),
    spec: { secretName: 'backend-tls', duration: '2160h', renewBefore: '360h', dnsNames: ['backend.backend-mtls.svc', 'backend.backend-mtls.svc.cluster.local'], usages: ['server auth', 'digital signature', 'key encipherment'], issuerRef: { name: 'backend-ca', kind: 'Issuer' } },
  },
  'GatewayClass': { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: meta('envoy', null), spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller', parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'proxy', namespace: ns } } },
  'Gateway': {
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: meta('edge'),
    spec: {
      gatewayClassName: 'envoy',
      listeners: [
        { name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'Same' } } },
        { name: 'https', protocol: 'HTTPS', port: 443, hostname: 'app.example.com', tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'edge-tls' }] } },
      ],
      tls: { backend: { clientCertificateRef: { kind: 'Secret', group: '', name: 'gateway-client-tls' } } },
    },
  },
  'HTTPRoute': {
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: meta('backend'),
    spec: {
      parentRefs: [{ name: 'edge', sectionName: 'https' }],
      hostnames: ['app.example.com'],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/api' }, headers: [{ name: 'x-env', value: 'prod' }] }],
        filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { add: [{ name: 'x-via', value: 'edge' }] } }],
        backendRefs: [{ name: 'backend', port: 443, weight: 1 }],
        timeouts: { request: '10s', backendRequest: '5s' },
      }],
    },
  },
  'HTTPRoute redirect': {
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: meta('https-redirect'),
    spec: { parentRefs: [{ name: 'edge', sectionName: 'http' }], rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }] },
  },
  'BackendTLSPolicy': {
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'BackendTLSPolicy', metadata: meta('backend-tls'),
    spec: { targetRefs: [{ group: '', kind: 'Service', name: 'backend', sectionName: 'https' }], validation: { hostname: 'backend.backend-mtls.svc', caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'backend-ca' }] } },
  },
  'BackendTLSPolicy well-known CAs': {
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'BackendTLSPolicy', metadata: meta('public-tls'),
    spec: { targetRefs: [{ group: '', kind: 'Service', name: 'public' }], validation: { hostname: 'api.example.com', wellKnownCACertificates: 'System', subjectAltNames: [{ type: 'Hostname', hostname: 'api.example.com' }] } },
  },
  'ReferenceGrant': {
    apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant', metadata: meta('allow-gateway'),
    spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'edge' }], to: [{ group: '', kind: 'Secret' }] },
  },
  'EnvoyProxy': {
    apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'EnvoyProxy', metadata: meta('proxy'),
    spec: {
      logging: { level: { default: 'warn' } },
      provider: { type: 'Kubernetes', kubernetes: { envoyDeployment: { replicas: 2, container: { resources: { requests: { cpu: '100m', memory: '128Mi' } } } }, envoyService: { type: 'ClusterIP' } } },
      backendTLS: { clientCertificateRef: { kind: 'Secret', name: 'gateway-client-tls' }, minVersion: '1.2', maxVersion: '1.3' },
    },
  },
  'Backend': {
    apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'Backend', metadata: meta('external'),
    spec: { endpoints: [{ fqdn: { hostname: 'api.example.com', port: 443 } }], tls: { wellKnownCACertificates: 'System' } },
  },
  'ClientTrafficPolicy': {
    apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'ClientTrafficPolicy', metadata: meta('edge-clients'),
    spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }], tls: { minVersion: '1.2' }, timeout: { http: { requestReceivedTimeout: '30s' } } },
  },
  'BackendTrafficPolicy': {
    apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'BackendTrafficPolicy', metadata: meta('backend-traffic'),
    spec: {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'backend' }],
      healthCheck: { active: { type: 'HTTP', timeout: '1s', interval: '5s', http: { path: '/healthz' } } },
      retry: { numRetries: 2, retryOn: { triggers: ['connect-failure', 'retriable-status-codes'], httpStatusCodes: [503] } },
    },
  },
  'Bundle': {
    apiVersion: 'trust.cert-manager.io/v1alpha1', kind: 'Bundle', metadata: meta('backend-ca', null),
    spec: { sources: [{ secret: { name: 'backend-ca', key: 'ca.crt' } }], target: { configMap: { key: 'ca.crt' }, namespaceSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'backend-mtls' } } } },
  },
};

/**
 * The validator's verdicts on one object, each as `path: rule`: the object they all concern is named once, by the
 * test. `errorsOnly` leaves out the warnings.
 */
export function verdictsOn(validator: Validator, object: unknown, { errorsOnly = false } = {}): string[] {
  return validator.validate([object]).filter((problem) => !(errorsOnly && problem.warning))
    .map((problem) => formatProblem(problem).replace(`${problem.object}: `, ''));
}
