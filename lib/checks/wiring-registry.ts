import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import type { Listener } from '../gateway/gateway';
import type { CaTrust } from '../pki/ca-trust';
import type { ICertificate } from '../pki/certificate';
import type { IBackendService } from '../workloads/backend-service';
import { CrossChartValidation, MtlsWiringValidation } from './mtls-wiring';

/** Context key that turns the wiring checks off for a chart or the whole app when set to `false`. */
export const WIRING_CHECKS_CONTEXT = 'backend-mtls:wiringChecks';

/** What the wiring checks read of an HTTPRoute. */
export interface WiredRoute extends IConstruct {
  readonly name: string;
  readonly namespace: string;
  readonly parent: Listener;
  readonly hostnames: readonly string[];
  readonly rules: readonly WiredRule[];
}

/** What the wiring checks read of a route rule. */
export interface WiredRule {
  readonly pathPrefix: string;
  readonly backend: IBackendService;
  readonly envoyBackend?: { readonly clientCertificate: ICertificate };
}

/** What Envoy checks a backend's server certificate against: a BackendTLSPolicy's validation or a Backend's tls. */
export interface ServerVerifier {
  readonly kind: 'BackendTLSPolicy' | 'Backend';
  readonly construct: IConstruct & { readonly name: string; readonly namespace?: string };
  readonly field: string;
  readonly hostname: string;
  readonly trust: CaTrust;
  readonly namespace: string;
  readonly backend: IBackendService;
}

/** The links of one chart the wiring checks follow, registered by the constructs as they are created. */
export interface ChartWiring {
  readonly routes: WiredRoute[];
  readonly verifiers: ServerVerifier[];
  readonly certificates: ICertificate[];
}

const wirings = new WeakMap<Chart, ChartWiring>();
const appWirings = new WeakMap<IConstruct, ChartWiring>();
const enabledApps = new WeakSet<IConstruct>();

/**
 * Adds the wiring validation to the chart that holds `scope`, and the cross-chart validation to its app, once
 * each: any chart that contains these constructs is checked without asking.
 */
export function enableWiringChecks(scope: IConstruct): void {
  wiringOf(scope);
}

/** The chart's registered links, in the order the constructs were created. */
export function wiringOf(scope: IConstruct): ChartWiring {
  const chart = Chart.of(scope);
  let wiring = wirings.get(chart);
  if (!wiring) {
    wiring = { routes: [], verifiers: [], certificates: [] };
    wirings.set(chart, wiring);
    chart.node.addValidation(new MtlsWiringValidation(chart));
  }
  const root = scope.node.root;
  if (!enabledApps.has(root)) {
    enabledApps.add(root);
    root.node.addValidation(new CrossChartValidation(root));
  }
  return wiring;
}

/** The links registered by every chart of the app that holds `scope`, for the checks that span charts. */
export function appWiringOf(scope: IConstruct): ChartWiring {
  const root = scope.node.root;
  let wiring = appWirings.get(root);
  if (!wiring) {
    wiring = { routes: [], verifiers: [], certificates: [] };
    appWirings.set(root, wiring);
  }
  return wiring;
}

/** Registers an HTTPRoute for the client-certificate and route-match checks. */
export function registerRoute(route: WiredRoute): void {
  wiringOf(route).routes.push(route);
  appWiringOf(route).routes.push(route);
}

/** Registers what verifies a backend's server certificate. */
export function registerServerVerifier(construct: ServerVerifier['construct'], verifier: Omit<ServerVerifier, 'construct'>): void {
  wiringOf(construct).verifiers.push({ ...verifier, construct });
}

/** Registers a Certificate the chart renders, for the issuer check. */
export function registerCertificate(certificate: ICertificate): void {
  wiringOf(certificate).certificates.push(certificate);
  appWiringOf(certificate).certificates.push(certificate);
}

/** Whether the wiring checks are turned off by the `backend-mtls:wiringChecks` context at `scope`. */
export function wiringChecksDisabled(scope: IConstruct): boolean {
  const value = scope.node.tryGetContext(WIRING_CHECKS_CONTEXT);
  return value === false || value === 'false';
}
