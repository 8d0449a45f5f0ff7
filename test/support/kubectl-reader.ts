import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// test/oracle/main.go: kubectl's own YAML reader (sigs.k8s.io/yaml over gopkg.in/yaml.v2, documents split as
// apimachinery splits them), built from Debian's golang-go, golang-k8s-sigs-yaml-dev and golang-gopkg-yaml.v2-dev.
const SOURCE = join(__dirname, '..', 'oracle', 'main.go');
const GOPATH = '/usr/share/gocode';
const INSTALL = 'apt-get install golang-go golang-k8s-sigs-yaml-dev golang-gopkg-yaml.v2-dev (.ci/run installs them)';

/** What kubectl's reader made of one document: the JSON it would send, or its parse error. */
export type ReadBack = { readonly json: unknown } | { readonly error: string };

/**
 * The reader's binary, built once per source version into a cache folder under the system's temporary folder (jest's
 * workers share it): a build goes to a private path first and is renamed into place, so a concurrent worker never runs
 * a half-written file.
 */
export function kubectlReader(): string {
  const source = readFileSync(SOURCE);
  const cache = join(tmpdir(), `backend-mtls-kubectl-reader-${process.getuid?.() ?? 0}`);
  const binary = join(cache, `reader-${createHash('sha256').update(source).digest('hex').slice(0, 16)}`);
  if (existsSync(binary)) return binary;
  mkdirSync(cache, { recursive: true });
  const building = `${binary}.${process.pid}`;
  const build = spawnSync('go', ['build', '-o', building, SOURCE], {
    encoding: 'utf8',
    env: { ...process.env, GO111MODULE: 'off', GOPATH, GOFLAGS: '', GOCACHE: join(cache, 'go-build') },
  });
  if (build.error || build.status !== 0) {
    rmSync(building, { force: true });
    const why = build.error ? `${build.error.message}` : build.stderr.trim();
    throw new Error(`cannot build kubectl's YAML reader (test/oracle/main.go) with Go: ${why}\nInstall the toolchain and libraries: ${INSTALL}`);
  }
  renameSync(building, binary);
  return binary;
}

/** Reads a multi-document YAML stream as `kubectl apply -f` does: each document as the JSON it sends, or the error. */
export function readAsKubectl(yaml: string): ReadBack[] {
  const run = spawnSync(kubectlReader(), [], { input: yaml, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.error || run.status !== 0) throw new Error(`kubectl's YAML reader failed: ${run.error?.message ?? run.stderr}`);
  return JSON.parse(run.stdout) as ReadBack[];
}

/**
 * The documents of a YAML stream kubectl would send, as JSON values; throws naming the first document it cannot
 * read, since kubectl then refuses the whole file.
 */
export function kubectlDocuments(yaml: string): unknown[] {
  return readAsKubectl(yaml).map((document, index) => {
    if ('error' in document) throw new Error(`kubectl cannot read document ${index + 1}: ${document.error}`);
    return document.json;
  });
}
