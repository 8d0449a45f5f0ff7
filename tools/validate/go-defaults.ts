// The Go defaults the API server applies while decoding a core kind (k8s.io/kubernetes pkg/apis/*/v1 SetDefaults_*),
// where they replace an empty enum value: a field given as "" reaches validation holding its default, so the OpenAPI
// enum check must not see "". Sources, Kubernetes v1.33.3 pkg/apis/core/v1/defaults.go: SetDefaults_PodSpec (dnsPolicy
// :219, restartPolicy :222), SetDefaults_Container (imagePullPolicy :83, terminationMessagePolicy :97),
// SetDefaults_Service (sessionAffinity :107, type :123, ports[].protocol :128, externalTrafficPolicy :137),
// SetDefaults_HTTPGetAction (scheme :323), SetDefaults_Secret (type :269), SetDefaults_PersistentVolumeClaimSpec;
// zz_generated.defaults.go (a container port's protocol); apps/v1 SetDefaults_Deployment (strategy.type;
// that file is not in the v1.33.3 tree at hand). The
// create strategy then drops the fields of gates that are off (pod-gates.ts). The input is never changed.
import { type Json, record } from './rules/common';
import { dropDisabledTemplateFields } from './rules/pod-gates';

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];
const HANDLERS: ReadonlyArray<readonly string[]> = [['livenessProbe'], ['readinessProbe'], ['startupProbe'], ['lifecycle', 'postStart'], ['lifecycle', 'preStop']];

/** A copy of `value` whose empty string fields named in `defaults` hold their default. */
function withEmptyDefaults(value: Json, defaults: Readonly<Record<string, string>>): Json {
  const empty = Object.keys(defaults).filter((key) => value[key] === '');
  return empty.length === 0 ? value : { ...value, ...Object.fromEntries(empty.map((key) => [key, defaults[key]])) };
}

/** A copy of the list `value[key]` with each record mapped. */
function mapList(value: Json, key: string, map: (item: Json) => Json): Json {
  const list = value[key];
  if (!Array.isArray(list)) return value;
  return { ...value, [key]: list.map((item: unknown) => (record(item) ? map(record(item)!) : item)) };
}

/** A copy of `value` with the record at `key` mapped. */
function mapRecord(value: Json, key: string, map: (item: Json) => Json): Json {
  const inner = record(value[key]);
  return inner ? { ...value, [key]: map(inner) } : value;
}

/** ParseImageName's tag: `latest` when the reference names no tag and no digest. */
function imageTag(image: unknown): string {
  if (typeof image !== 'string') return 'latest';
  const name = image.split('@')[0];
  const last = name.slice(name.lastIndexOf('/') + 1);
  if (image.includes('@') && !last.includes(':')) return '';
  return last.includes(':') ? last.slice(last.indexOf(':') + 1) : 'latest';
}

function container(value: Json): Json {
  let defaulted = withEmptyDefaults(value, {
    imagePullPolicy: imageTag(value.image) === 'latest' ? 'Always' : 'IfNotPresent',
    terminationMessagePolicy: 'File',
  });
  defaulted = mapList(defaulted, 'ports', (port) => withEmptyDefaults(port, { protocol: 'TCP' }));
  for (const [first, second] of HANDLERS) {
    defaulted = mapRecord(defaulted, first, (handler) => {
      const httpGet = (action: Json) => mapRecord(action, 'httpGet', (get) => withEmptyDefaults(get, { scheme: 'HTTP' }));
      return second ? mapRecord(handler, second, httpGet) : httpGet(handler);
    });
  }
  return defaulted;
}

/** SetDefaults_PodSpec, SetDefaults_Container and the defaults below them, for the empty enum values of a pod spec. */
export function podSpecDefaults(spec: Json): Json {
  let defaulted = withEmptyDefaults(spec, { dnsPolicy: 'ClusterFirst', restartPolicy: 'Always' });
  for (const list of CONTAINER_LISTS) defaulted = mapList(defaulted, list, container);
  return mapList(defaulted, 'volumes', (volume) => mapRecord(volume, 'ephemeral', (ephemeral) => mapRecord(ephemeral, 'volumeClaimTemplate',
    (template) => mapRecord(template, 'spec', (spec) => withEmptyDefaults(spec, { volumeMode: 'Filesystem' })))));
}

/** service.ExternallyAccessible: a NodePort or LoadBalancer Service, or one with external IPs. */
function externallyAccessible(spec: Json): boolean {
  return spec.type === 'NodePort' || spec.type === 'LoadBalancer' || (Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
}

/**
 * The object as validation sees it after decoding and the create strategy: empty enum values hold their Go default,
 * and a Deployment's pod template has the fields of gates that are off in 1.33 dropped.
 */
export function withGoDefaults(object: Json, kind: string): Json {
  switch (kind) {
    case 'Deployment':
      return mapRecord(object, 'spec', (spec) => {
        const strategy = mapRecord(spec, 'strategy', (value) => withEmptyDefaults(value, { type: 'RollingUpdate' }));
        return mapRecord(strategy, 'template', (template) => dropDisabledTemplateFields(mapRecord(template, 'spec', podSpecDefaults)));
      });
    case 'Service':
      return mapRecord(object, 'spec', (spec) => {
        const defaulted = mapList(withEmptyDefaults(spec, { sessionAffinity: 'None', type: 'ClusterIP' }), 'ports', (port) => withEmptyDefaults(port, { protocol: 'TCP' }));
        if (externallyAccessible(defaulted)) return withEmptyDefaults(defaulted, { externalTrafficPolicy: 'Cluster' });
        // an internal Service's "" is Go's unset value, which validateServiceExternalTrafficPolicy accepts
        if (defaulted.externalTrafficPolicy !== '') return defaulted;
        const { externalTrafficPolicy: _unset, ...rest } = defaulted;
        return rest;
      });
    case 'Secret':
      return withEmptyDefaults(object, { type: 'Opaque' });
    default:
      return object;
  }
}
