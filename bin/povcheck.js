#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is compiled by `npm run build` into lib/.
let main;
try {
  ({ main } = require('../lib/cli/main.js'));
} catch (e) {
  process.stderr.write('povcheck chưa được build. Chạy: npm run build\n(povcheck is not built yet. Run: npm run build)\n');
  process.exit(2);
}
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
