import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');

describe('the package as users import it', () => {
  test('`require("backend-mtls")` resolves to the compiled public API and synthesizes a chart', () => {
    if (!existsSync(join(root, 'build', 'lib', 'index.js'))) throw new Error('build/lib/index.js is missing: run `npm test` (it compiles) or `npm run build` first');
    // Package self-reference resolves the name through package.json "exports", as an installed copy would.
    const script = `
      const { App } = require('cdk8s');
      const { BackendMtlsChart, ExistingIssuer } = require('backend-mtls');
      const app = new App();
      const chart = new BackendMtlsChart(app, 'other', { namespace: 'other', issuer: ExistingIssuer.fromClusterIssuerName(app, 'Issuer', 'corp-ca') });
      const kinds = chart.toJson().map((o) => o.kind + '/' + (o.metadata.namespace || '') + '/' + o.metadata.name);
      console.log(JSON.stringify({ resolved: require.resolve('backend-mtls'), kinds }));`;
    const output = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' }));
    expect(output.resolved).toEqual(join(root, 'build', 'lib', 'index.js'));
    expect(output.kinds).toContain('BackendTLSPolicy/other/backend-mtls-policy');
    expect(output.kinds).not.toContain('Issuer/other/backend-mtls-ca-issuer');
  });

  test('type declarations are shipped beside the compiled code', () => {
    expect(existsSync(join(root, 'build', 'lib', 'index.d.ts'))).toBe(true);
  });
});
