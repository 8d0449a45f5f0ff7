// The cdk8s-cli validation plugin (class CrdValidation), loaded with plain require() from a `package:` path in
// cdk8s.yaml. A checkout runs the TypeScript source through tsx; an installed package ships it compiled.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const source = join(__dirname, '..', 'tools', 'validate', 'index.ts');
if (existsSync(source)) {
  require('tsx/cjs/api').register();
  module.exports = require(source);
} else {
  module.exports = require('../build/tools/validate');
}
