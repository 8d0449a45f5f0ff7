// cdk8s-cli loads validation plugins with plain require(); this shim lets it load the TypeScript plugin via tsx.
require('tsx/cjs/api').register();
module.exports = require('../tools/validate/cdk8s-plugin.ts');
