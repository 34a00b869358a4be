// Stops `npm run push` before clasp when .clasp.json still holds the placeholder script id.
const { readFileSync } = require('node:fs');
const path = require('node:path');

const { scriptId } = JSON.parse(readFileSync(path.join(__dirname, '..', '.clasp.json'), 'utf8'));
if (!/^[\w-]{20,}$/.test(scriptId ?? '') || /replace|your|placeholder/i.test(scriptId)) {
  process.stderr.write('.clasp.json has no real scriptId: create the Apps Script project (npx clasp create --type docs) or paste its id, then run npm run push again.\n');
  process.exit(1);
}
