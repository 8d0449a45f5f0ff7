import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderApiReference, renderApiReport, undocumented, withoutDefault } from '../tools/api/reference';
import { publicApi } from './support/public-api';

const root = join(__dirname, '..');
const api = publicApi();


test('the public API surface: every exported name, its kind and its file (review any change to this snapshot)', () => {
  expect(renderApiReport(api)).toMatchSnapshot();
});

test('API.md is current: run `npm run api` after changing the public API or its doc comments', () => {
  expect(readFileSync(join(root, 'API.md'), 'utf8')).toBe(renderApiReference('backend-mtls API reference', api));
});

test('the root export holds constructs and their types, no tooling and no internal helpers', () => {
  const names = api.map((entry) => entry.name);
  for (const internal of [
    'fail', 'objectMetadata', 'caIdentity', 'issuerKey', 'TLS_MOUNT', 'CONF_MOUNT', 'TMP_MOUNT', 'CLIENT_CA_MOUNT', 'renderNginxConf',
    'serviceDnsNames', 'defaultTlsHostname', 'hostnameMatches', 'parseGoDuration', 'ManifestIndex', 'synthApp', 'writeManifests', 'validateManifests',
  ]) {
    expect(names).not.toContain(internal);
  }
  expect(names.filter((name) => /^(check|register|wiring)[A-Z]/.test(name))).toEqual([]);
  expect(api.filter((entry) => !entry.file.startsWith('lib/')).map((entry) => `${entry.name} (${entry.file})`)).toEqual([]);
});

test('every public name and member has a doc comment', () => {
  expect(undocumented(api)).toEqual([]);
});

test('every optional prop, option and attribute states its default', () => {
  expect(withoutDefault(api)).toEqual([]);
});

test('every library type a public signature names is exported too, so a consumer can name it', () => {
  const exported = new Set(api.map((entry) => entry.name));
  const declared = new Set(readdirSync(join(root, 'lib'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) => [...readFileSync(join(root, 'lib', file), 'utf8').matchAll(/^export (?:abstract )?(?:class|interface|type|enum) (\w+)/gm)])
    .map((match) => match[1]));
  const unexported = api.flatMap((entry) => entry.members.flatMap((member) => (member.signature.match(/\b[A-Z]\w+\b/g) ?? [])
    .filter((name) => declared.has(name) && !exported.has(name))
    .map((name) => `${entry.name}.${member.name} names ${name}`)));
  expect(declared.size).toBeGreaterThan(exported.size / 2);
  expect(unexported).toEqual([]);
});
