import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffManifestFolders, formatManifestDiff, isEmptyDiff, synthesizeFresh } from '../../tools/synth/manifest-diff';

describe('diffManifestFolders and formatManifestDiff', () => {
  let work: string;
  /** Writes `files` (name → YAML) into a new folder under the test's folder and returns it. */
  const folder = (name: string, files: Record<string, string>) => {
    const dir = join(work, name);
    mkdirSync(dir);
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    return dir;
  };
  beforeEach(() => { work = mkdtempSync(join(tmpdir(), 'backend-mtls-diff-')); });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const gateway = (hostname: string, port: number) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw
  namespace: demo
spec:
  listeners:
    - name: http
      port: ${port}
      hostname: ${hostname}
`;

  test('names added, removed and changed objects by kind, namespace and name, and each changed field old → new', () => {
    const before = folder('before', {
      'a.k8s.yaml': `${gateway('a.demo.int', 80)}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: old\n  namespace: demo\ndata:\n  x: "1"\n`,
    });
    const after = folder('after', {
      'a.k8s.yaml': `${gateway('b.demo.int', 8080)}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n`,
    });
    expect(formatManifestDiff(diffManifestFolders(before, after))).toEqual([
      '1 changed, 1 added, 1 removed',
      '+ Namespace demo',
      '- ConfigMap demo/old',
      '~ Gateway demo/gw',
      '    spec.listeners[name=http].port: 80 → 8080',
      '    spec.listeners[name=http].hostname: "a.demo.int" → "b.demo.int"',
    ]);
  });

  test('shows an object moved to another namespace as one change, not as a removal and an addition', () => {
    const before = folder('before', { 'a.k8s.yaml': gateway('a.demo.int', 80) });
    const after = folder('after', { 'a.k8s.yaml': gateway('a.demo.int', 80).replace('namespace: demo', 'namespace: payments') });
    expect(formatManifestDiff(diffManifestFolders(before, after))).toEqual([
      '1 changed, 0 added, 0 removed',
      '~ Gateway demo/gw → payments/gw',
      '    metadata.namespace: "demo" → "payments"',
    ]);
  });

  test('never prints Secret data or stringData, only that a key was added, removed or changed', () => {
    const secret = (data: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: demo\n${data}`;
    const before = folder('before', { 's.k8s.yaml': secret('data:\n  tls.key: b2xkLXNlY3JldA==\n  gone: Z29uZQ==\nstringData:\n  token: old-token\n') });
    const after = folder('after', { 's.k8s.yaml': secret('data:\n  tls.key: bmV3LXNlY3JldA==\n  ca.crt: bmV3\nstringData:\n  token: new-token\n') });
    const lines = formatManifestDiff(diffManifestFolders(before, after));
    expect(lines).toEqual([
      '1 changed, 0 added, 0 removed',
      '~ Secret demo/s',
      '    data["tls.key"]: <redacted, changed> → <redacted, changed>',
      '    data.gone: <redacted, removed> → <redacted, removed>',
      '    data["ca.crt"]: <redacted, added> → <redacted, added>',
      '    stringData.token: <redacted, changed> → <redacted, changed>',
    ]);
    expect(lines.join('\n')).not.toMatch(/b2xk|bmV3|Z29uZQ|old-token|new-token/);
  });

  test('shows the changed lines of a multi-line value, and a file rewritten with the same objects', () => {
    const conf = (port: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: conf\ndata:\n  nginx.conf: |\n    events {}\n    listen ${port};\n`;
    const before = folder('before', { 'c.k8s.yaml': conf(8443), 'same.k8s.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n' });
    const after = folder('after', { 'c.k8s.yaml': conf(9443), 'same.k8s.yaml': 'apiVersion: "v1"\nkind: Namespace\nmetadata:\n  name: "a"\n' });
    expect(formatManifestDiff(diffManifestFolders(before, after))).toEqual([
      '1 changed, 0 added, 0 removed, 1 file(s) rewritten with the same objects',
      '~ ConfigMap conf',
      '    data["nginx.conf"] line 2: "listen 8443;" → "listen 9443;"',
      '~ same.k8s.yaml: the same objects and values, written differently (order, quoting or layout)',
    ]);
  });

  test('caps the lines and says how many more there are; identical folders make an empty diff', () => {
    const many = (suffix: string) => Array.from({ length: 30 }, (_, index) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-${index}-${suffix}\n`).join('---\n');
    const diff = diffManifestFolders(folder('before', { 'n.k8s.yaml': many('a') }), folder('after', { 'n.k8s.yaml': many('b') }));
    const lines = formatManifestDiff(diff, 10);
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('0 changed, 30 added, 30 removed');
    expect(lines[9]).toBe('… 52 more line(s)');
    expect(isEmptyDiff(diffManifestFolders(folder('same1', { 'n.k8s.yaml': many('a') }), folder('same2', { 'n.k8s.yaml': many('a') })))).toBe(true);
  });
});

describe('synthesizeFresh', () => {
  test('an app that fails throws with what it printed and leaves no temp folder behind', () => {
    const project = mkdtempSync(join(tmpdir(), 'backend-mtls-project-'));
    try {
      writeFileSync(join(project, 'cdk8s.yaml'), `app: ${JSON.stringify(`${process.execPath} -e "console.error('no app today'); process.exit(3)"`)}\n`);
      const freshFolders = () => readdirSync(tmpdir()).filter((entry) => entry.startsWith('backend-mtls-fresh-'));
      const before = freshFolders();
      expect(() => synthesizeFresh(project)).toThrow(/^the app of cdk8s.yaml failed:\nno app today/);
      expect(freshFolders()).toEqual(before);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
