/** Where Envoy is told which client certificate to present to mTLS backends. */
export enum ClientCertificateMode {
  /** One certificate for every backend of the proxy: `EnvoyProxy.spec.backendTLS.clientCertificateRef` (Envoy Gateway v1.1+). */
  ENVOY_PROXY = 'EnvoyProxy',
  /** One certificate per Gateway: Gateway API's `Gateway.spec.tls.backend.clientCertificateRef` (Envoy Gateway v1.8+). */
  GATEWAY = 'Gateway',
  /**
   * One certificate per backend: an Envoy Gateway `Backend` with `spec.tls.clientCertificateRef`, which the route
   * points at (Envoy Gateway v1.6+, with `extensionApis.enableBackend: true`).
   */
  PER_BACKEND = 'PerBackend',
}
