// The cdk8s-cli validation plugin (class CrdValidation), loaded with plain require() from a `package:` path in
// cdk8s.yaml. A checkout runs the TypeScript source through the app's own loader (scripts/register-ts.js, as cdk8s.yaml
// runs main.ts; tsx's hook would also scan every JavaScript module the CLI loads after it); an installed package ships
// it compiled.
//
// The CLI loads the plugin after the app has written its manifests. When the validation cannot load (its optional
// peers are not installed), the plugin it exports still fails the synth with that error, and first removes the
// manifests, which nothing has checked: `cdk8s synth && kubectl apply -f dist/` must never apply them.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const checkout = existsSync(join(__dirname, '..', 'tools', 'validate', 'index.ts'));
if (checkout) require('./register-ts.js');
const load = (module) => require(checkout ? join(__dirname, '..', 'tools', 'validate', `${module}.ts`) : `../build/tools/validate/${module}`);

try {
  module.exports = load('index');
} catch (error) {
  const { removeManifests } = load('unchecked');
  module.exports = {
    CrdValidation: class CrdValidation {
      async validate(context) {
        removeManifests(context, 'unchecked');
        throw error;
      }
    },
  };
}
