// What the API server drops from a pod template on create before validating it, because a feature gate is off by
// default in Kubernetes 1.33 (pkg/api/pod/util.go dropDisabledFields, run by DropDisabledTemplateFields):
// image volumes and their mounts (ImageVolume), clusterTrustBundle projections (ClusterTrustBundleProjection) and
// lifecycle.stopSignal (ContainerStopSignals). The input is never changed; a copy is returned where anything is dropped.
import { type Json, record, records } from './common';

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];

/** dropImageVolumes, dropDisabledClusterTrustBundleProjection and the ContainerStopSignals drop, on a copy of `spec`. */
export function dropDisabledPodSpecFields(spec: Json): Json {
  const volumes = records(spec.volumes);
  const imageVolumes = new Set(volumes.filter((volume) => record(volume.image)).map((volume) => volume.name));
  const hasBundle = volumes.some((volume) => records(record(volume.projected)?.sources).some((source) => 'clusterTrustBundle' in source));
  const hasStopSignal = CONTAINER_LISTS.some((list) => records(spec[list]).some((container) => 'stopSignal' in (record(container.lifecycle) ?? {})));
  if (imageVolumes.size === 0 && !hasBundle && !hasStopSignal) return spec;
  const dropped: Json = { ...spec };
  if (Array.isArray(spec.volumes)) {
    dropped.volumes = spec.volumes.filter((volume) => !record(record(volume)?.image)).map((volume) => {
      const projected = record(record(volume)?.projected);
      if (!projected || !Array.isArray(projected.sources)) return volume;
      const sources = projected.sources.map((source) => {
        if (!record(source) || !('clusterTrustBundle' in record(source)!)) return source;
        const { clusterTrustBundle: _bundle, ...rest } = record(source)!;
        return rest;
      });
      return { ...record(volume), projected: { ...projected, sources } };
    });
  }
  for (const list of CONTAINER_LISTS) {
    if (!Array.isArray(spec[list])) continue;
    dropped[list] = (spec[list] as unknown[]).map((value) => {
      const container = record(value);
      if (!container) return value;
      const copy: Json = { ...container };
      if (Array.isArray(container.volumeMounts)) copy.volumeMounts = container.volumeMounts.filter((mount) => !imageVolumes.has(record(mount)?.name));
      const lifecycle = record(container.lifecycle);
      if (lifecycle && 'stopSignal' in lifecycle) {
        const { stopSignal: _signal, ...rest } = lifecycle;
        // a lifecycle left empty becomes nil, as upstream's wipeLifecycle does
        if (Object.values(rest).some((hook) => hook !== undefined && hook !== null)) copy.lifecycle = rest;
        else delete copy.lifecycle;
      }
      return copy;
    });
  }
  return dropped;
}

/** The pod template as validation sees it: its spec with the disabled fields dropped. */
export function dropDisabledTemplateFields(template: Json): Json {
  const spec = record(template.spec);
  if (!spec) return template;
  const dropped = dropDisabledPodSpecFields(spec);
  return dropped === spec ? template : { ...template, spec: dropped };
}
