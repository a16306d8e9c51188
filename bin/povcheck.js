#!/usr/bin/env node
'use strict';
// V8 inlines less than its default into the code it optimises: a check runs once, cold,
// and on a machine with few cores the optimising compiler's background work on heavily
// inlined functions arrived after most of the rows had been read and checked in slower
// code. Measured side by side on 2 cores: `check` 0.86× the time at 10,000 rows, `fix`
// 0.93×, the same at 100,000 rows. Set first, before any code is compiled; this flag is
// read per compilation. POVCHECK_V8_DEFAULTS=1 keeps V8's default (for comparisons).
if (!process.env.POVCHECK_V8_DEFAULTS) {
  try {
    require('v8').setFlagsFromString('--max-inlined-bytecode-size-cumulative=100');
  } catch {
    // A runtime without V8's flags (another engine behind node's API) runs at its own speed.
  }
}
// Thin launcher: the CLI is compiled by `npm run build` into lib/.
let main;
try {
  ({ main } = require('../lib/cli/main.js'));
} catch (e) {
  process.stderr.write('povcheck chưa được build. Chạy: npm run build\n(povcheck is not built yet. Run: npm run build)\n');
  process.exit(2);
}
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // Exit once the output is out rather than wait for Node to take down the heap of a large
  // sheet (10 ms at 10,000 rows); the write callbacks keep piped output whole.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
});
