import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TYPESCRIPT_NODE } from '../support/typescript-node';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'rehearse.ts');
const [node, ...typescript] = TYPESCRIPT_NODE;

/**
 * `npm run rehearse` in a project whose cdk8s.yaml runs `app.js`: it rehearses what that app renders. The cases here
 * end before any nginx starts; the rehearsal itself is tested in test/rehearsal/.
 */
function rehearseIn(app: string, ...args: string[]) {
  const project = mkdtempSync(join(tmpdir(), 'backend-mtls-rehearse-'));
  try {
    writeFileSync(join(project, 'cdk8s.yaml'), 'app: node app.js\n');
    writeFileSync(join(project, 'app.js'), app);
    const result = spawnSync(node, [...typescript, SCRIPT, ...args], { cwd: project, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

const WRITES_A_CONFIGMAP = `require('fs').writeFileSync(require('path').join(process.env.CDK8S_OUTDIR, 'a.k8s.yaml'),
  'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: a\\n  namespace: ns\\n');\n`;

describe('npm run rehearse rehearses what the app of cdk8s.yaml renders', () => {
  test('an app whose objects hold no backend TLS: exit 1, why, and the option that rehearses the reference chart', () => {
    const result = rehearseIn(WRITES_A_CONFIGMAP);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('rehearsing what the app of cdk8s.yaml renders\n');
    expect(result.stderr).toBe('rehearse: the chart has no BackendTLSPolicy: there is no backend TLS to rehearse\n'
      + '(what the app of cdk8s.yaml renders; `npm run rehearse -- --default` rehearses the reference chart)\n');
  });

  test('an app that fails: exit 1 with what it printed', () => {
    const result = rehearseIn('console.error("no chart today"); process.exit(3);\n');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('rehearse: the app of cdk8s.yaml failed:\nno chart today\n\n');
  });

  test('an unknown option names the options', () => {
    const result = rehearseIn(WRITES_A_CONFIGMAP, '--defaults');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('rehearse: unknown argument --defaults; the options are --default, --lifecycle and --lifecycle --big\n');
  });
});
