// The cdk8s-cli validation plugin (class CrdValidation), loaded with plain require() from a `package:` path in
// cdk8s.yaml. A checkout runs the TypeScript source through the app's own loader (scripts/register-ts.js, as cdk8s.yaml
// runs main.ts; tsx's hook would also scan every JavaScript module the CLI loads after it); an installed package ships
// it compiled.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const source = join(__dirname, '..', 'tools', 'validate', 'index.ts');
if (existsSync(source)) {
  require('./register-ts.js');
  module.exports = require(source);
} else {
  module.exports = require('../build/tools/validate');
}
