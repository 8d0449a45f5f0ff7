import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Yaml } from 'cdk8s';

/** Where `cdk8s synth` writes when cdk8s.yaml names no `output` (cdk8s-cli's default). */
const DEFAULT_OUTPUT = 'dist';

/** What {@link synthToDist} did: the exit code and what to print. */
export interface SynthResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

// The slice of cdk8s-cli's `--validation-reports-output-file` JSON (ValidationReport.toJson()) read here.
interface ReportsFile {
  readonly reports: readonly {
    readonly title: string;
    readonly summary: { readonly status: 'success' | 'failure' };
    readonly violations: readonly { readonly ruleName: string; readonly recommendation: string }[];
  }[];
}

// cdk8s-cli ends a failed app run by printing its own error and stack: `Error: command "..." returned a non-zero exit code N`.
// It prints what validation plugins log (e.g. the API server's warnings) between these two lines of its own.
const PLUGIN_LOG = /^Performing validations\n([^]*?)^Validations finished$/m;
const CLI_APP_ERROR = /^Error: command ".*" at .* returned a non-zero exit code \d+\n(?:\s+at .*\n?)*/m;

/**
 * Runs `cdk8s synth` in `projectDir` into a staging folder of its own (`.synth-*`, never the `output` folder of its
 * cdk8s.yaml), then replaces that output folder (dist/) with it only when the app and every validation plugin
 * succeeded. On any failure the output folder is left byte for byte as it was, the staging folder (and any rejected
 * manifest in it) is removed, and the result holds the messages alone: cdk8s-cli's own stack trace for a failed app
 * is dropped.
 */
export function synthToDist(project: string, cliArgs: readonly string[] = []): SynthResult {
  const projectDir = resolve(project);
  const dist = outputFolder(projectDir);
  const distName = relative(projectDir, dist);
  const owned = cliArgs.find((arg) => /^(-o|-p|--output|--stdout)(=|$)/.test(arg));
  if (owned) throw new Error(`${owned}: npm run synth writes ${distName}/, the output of cdk8s.yaml; run \`npx cdk8s synth ${owned} ...\` to write elsewhere`);
  const staging = mkdtempSync(join(projectDir, '.synth-'));
  const reportDir = mkdtempSync(join(tmpdir(), 'backend-mtls-synth-'));
  const reportFile = join(reportDir, 'reports.json');
  try {
    const cli = join(dirname(require.resolve('cdk8s-cli/package.json')), 'bin', 'cdk8s');
    const run = spawnSync(process.execPath, [cli, 'synth', '--output', staging, '--validation-reports-output-file', reportFile, ...cliArgs], {
      cwd: projectDir,
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
      encoding: 'utf8',
      stdio: ['inherit', 'pipe', 'pipe'],
      maxBuffer: 1 << 28,
    });
    const reports = existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, 'utf8')) as ReportsFile).reports : [];
    // A manifest is named as it ends up: in dist/ after a pass, by its file alone after a failure (dist/ never held it).
    const pluginLog = (manifestFolder: string) => lineStartsMoved(PLUGIN_LOG.exec(run.stdout ?? '')?.[1] ?? '', projectDir, staging, manifestFolder);
    if (run.status !== 0) {
      const messages = failureMessages(run.stderr, reports, (text) => lineStartsMoved(text, projectDir, staging, ''));
      return { status: run.status ?? 1, stdout: '', stderr: `${messages}${pluginLog('')}${distName}/ is unchanged.\n` };
    }
    const files = existsSync(staging) ? readdirSync(staging).sort() : [];
    if (files.length === 0) {
      return { status: 1, stdout: '', stderr: `synth failed: cdk8s synth wrote no manifest; ${distName}/ is unchanged.\n` };
    }
    promote(staging, dist);
    const admitted = reports.map((report) => `synth: validated by ${report.title.replace(/^Validation Report \((.*)\)$/, '$1').replace(`${projectDir}${sep}`, '')}: ${report.summary.status}\n`).join('');
    return { status: 0, stdout: `${files.map((file) => `synth: ${distName}/${file}\n`).join('')}${pluginLog(`${distName}/`)}${admitted}`, stderr: run.stderr };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(reportDir, { recursive: true, force: true });
  }
}

/** The `output` folder of the project's cdk8s.yaml (dist/ when it names none, as for cdk8s-cli): it must lie inside the project. */
function outputFolder(projectDir: string): string {
  const [config] = Yaml.load(join(projectDir, 'cdk8s.yaml')) as ({ output?: unknown } | undefined)[];
  const output = resolve(projectDir, typeof config?.output === 'string' ? config.output : DEFAULT_OUTPUT);
  if (!output.startsWith(`${projectDir}${sep}`)) {
    throw new Error(`cdk8s.yaml: output ${String(config?.output)} lies outside the project: npm run synth stages beside it and swaps it in whole, so it must be a folder inside the project such as dist`);
  }
  return output;
}

function failureMessages(stderr: string, reports: ReportsFile['reports'], unstaged: (text: string) => string): string {
  const violations = reports.flatMap((report) => report.violations);
  if (violations.length > 0) {
    const lines = violations.map((violation) => `  ${unstaged(violation.recommendation || violation.ruleName)}`);
    return `synth failed: the API server would reject ${violations.length === 1 ? 'this' : `these ${violations.length}`}:\n${lines.join('\n')}\n`;
  }
  return stderr.replace(CLI_APP_ERROR, '');
}

/** Replaces the staging folder (absolute or relative) at the start of each line with `folder`. */
function lineStartsMoved(text: string, projectDir: string, staging: string, folder: string): string {
  const prefixes = [`${staging}${sep}`, `${relative(projectDir, staging)}${sep}`];
  return text.split('\n').map((line) => {
    const prefix = prefixes.find((candidate) => line.startsWith(candidate));
    return prefix ? `${folder}${line.slice(prefix.length)}` : line;
  }).join('\n');
}

/** Swaps the staging folder in for dist/; if the swap fails, the previous dist/ is put back. */
function promote(staging: string, dist: string): void {
  const previous = `${staging}.previous`;
  rmSync(previous, { recursive: true, force: true });
  if (existsSync(dist)) renameSync(dist, previous);
  else mkdirSync(dirname(dist), { recursive: true });
  try {
    renameSync(staging, dist);
  } catch (error) {
    if (existsSync(previous)) renameSync(previous, dist);
    throw error;
  }
  rmSync(previous, { recursive: true, force: true });
}
