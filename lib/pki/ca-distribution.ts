/** How the CA that signed the backends' server certificates reaches the objects that verify them. */
export enum CaDistribution {
  /** The `ca.crt` key cert-manager writes into each backend's server certificate Secret. */
  SECRET = 'Secret',
  /** A trust-manager Bundle that publishes the CA as a ConfigMap in each backend namespace (Gateway API core form). */
  TRUST_MANAGER_BUNDLE = 'TrustManagerBundle',
}
