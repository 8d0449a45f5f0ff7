// Writes the coverage table computed from rules.json into docs/admission.md (test/validate/inventory.test.ts checks it).
// Usage: tsx tools/validate/inventory/coverage.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coverageTable } from './inventory';

const DOCS = join(__dirname, '..', '..', '..', 'docs', 'admission.md');
const docs = readFileSync(DOCS, 'utf8');
writeFileSync(DOCS, docs.replace(/(<!-- coverage:start -->\n)[^]*?(\n<!-- coverage:end -->)/, (_match, start: string, end: string) => `${start}${coverageTable()}${end}`));
