// Writes docs/topology.mmd and the README's topology section from the default chart's synthesized objects.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { BackendMtlsChart } from '../lib';
import { renderTopology, replaceTopologySection } from '../tools/diagram';

const root = join(__dirname, '..');
const diagram = renderTopology(new BackendMtlsChart(new App(), 'backend-mtls').toJson());
mkdirSync(join(root, 'docs'), { recursive: true });
writeFileSync(join(root, 'docs', 'topology.mmd'), diagram);
const readme = join(root, 'README.md');
writeFileSync(readme, replaceTopologySection(readFileSync(readme, 'utf8'), diagram));
console.log('wrote docs/topology.mmd and the topology section of README.md');
