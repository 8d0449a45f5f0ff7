// The public API: what a consumer composes. Constructs, their props, interfaces, enums, factories and the wiring
// validation; nothing internal (prop checks, mount paths, name helpers). Tooling and tests import internals by
// relative path; test/api.test.ts snapshots this surface so every change to it shows in review.

// The whole setup, as a construct for any chart and as the reference chart.
export { BackendMtls, type BackendMtlsProps } from './backend-mtls';
export { type AddHttpbinOptions, BackendMtlsChart, type BackendMtlsChartProps, type HttpbinOptions } from './backend-mtls-chart';
export { type AddBackendOptions, RoutedBackend, type RoutedBackendProps } from './backends/routed-backend';

// The shared resource base and the namespace.
export { type IResource, Resource, type ResourceMetadata, type ResourceProps } from './core/resource';
export { RestrictedNamespace, type RestrictedNamespaceProps } from './core/restricted-namespace';

// Gateway API and Envoy Gateway.
export { BackendTlsPolicy, type BackendTlsPolicyProps } from './gateway/backend-tls-policy';
export { BackendTrafficPolicy, type BackendTrafficPolicyProps } from './gateway/backend-traffic-policy';
export { ClientCertificateMode } from './gateway/client-certificate-mode';
export { EnvoyBackend, type EnvoyBackendProps } from './gateway/envoy-backend';
export { EnvoyProxy, type EnvoyProxyAttributes, type EnvoyProxyProps, EnvoyServiceType, type IEnvoyProxy } from './gateway/envoy-proxy';
export {
  type AllowedRoutes, Gateway, type GatewayAttributes, type GatewayProps, type IGateway, type Listener, type ListenerOptions,
} from './gateway/gateway';
export { GatewayClass, type GatewayClassAttributes, type GatewayClassProps, type IGatewayClass } from './gateway/gateway-class';
export { type AddedHttpRouteRule, HttpRoute, type HttpRouteProps, type HttpRouteRule } from './gateway/http-route';
export { ReferenceGrant, type ReferenceGrantFrom, type ReferenceGrantProps, type ReferenceGrantTo } from './gateway/reference-grant';

// cert-manager and trust-manager.
export { CaDistribution } from './pki/ca-distribution';
export { CaTrust, type CaTrustAttributes, type CaTrustKind } from './pki/ca-trust';
export {
  Certificate, type CertificateProps, type CertificateSecretAttributes, type CertificateUsage, type ICertificate, type KeyAlgorithm,
  type KeyRotationPolicy, type PrivateKey,
} from './pki/certificate';
export { ExistingIssuer, type ICertificateIssuer, Issuer, type IssuerAttributes, type IssuerKind, type IssuerProps } from './pki/issuer';
export { SelfSignedCa, type SelfSignedCaProps } from './pki/self-signed-ca';
export { TrustBundle, type TrustBundleProps } from './pki/trust-bundle';

// Backends and what guards them. envoyProxyPodLabels is public because a hand-composed BackendNetworkPolicy needs
// exactly those labels in its required envoyProxyPods.labels; the image constants are the documented image defaults.
export { BackendDisruptionBudget, type BackendDisruptionBudgetProps } from './workloads/backend-disruption-budget';
export { BackendNetworkPolicy, type BackendNetworkPolicyProps, type EnvoyProxyPods, envoyProxyPodLabels } from './workloads/backend-network-policy';
export { type IBackendService } from './workloads/backend-service';
export { type BackendServiceAttributes, ExistingBackendService } from './workloads/existing-backend-service';
export { HTTPBIN_IMAGE, HttpbinTls, type HttpbinTlsProps } from './workloads/httpbin-tls';
export {
  type FrontContainerProps, type IFrontedContainer, type IFrontedDeployment, MtlsFront, type MtlsFrontOptions, type MtlsFrontProps, NGINX_IMAGE,
} from './workloads/mtls-front';

// The wiring validation, and the context key that turns it off.
export { CrossChartValidation, MtlsWiringValidation } from './checks/mtls-wiring';
export { WIRING_CHECKS_CONTEXT } from './core/wiring-checks-context';
