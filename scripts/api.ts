// Writes API.md, the API reference, from the doc comments of what lib/index.ts exports.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readApi, renderApiReference } from '../tools/api/reference';

const root = join(__dirname, '..');
writeFileSync(join(root, 'API.md'), renderApiReference('backend-mtls API reference', readApi(join(root, 'lib', 'index.ts'))));
console.log('wrote API.md');
