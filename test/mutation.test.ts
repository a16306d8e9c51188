// The mutation test in CI: a fixed seed, a few hundred officer-like mutations
// of the samples and ../shared/forms through check, fix, allocate and appendix
// (in this process; every 20th case runs one command through bin/povcheck.js).
// Longer runs: `npm run mutate -- --cases 2000 --seed N`. The properties are in
// test/mutation/mutate.ts.
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, type Summary, runMutations } from './mutation/mutate';

const CI_SEED = 20261202;
const CI_CASES = 200;
let s: Summary;
const show = (f: Summary['failures']) => f.map((x) => `case ${x.case} (${x.source}; ${x.mutations.join('; ')}) ${x.command}: ${x.problem}`);
const avoidable = (f: Summary['failures'][number]) => f.problem.startsWith('avoidable error');

beforeAll(async () => {
  // The spawned runs need the built CLI (npm test builds it first).
  expect(fs.existsSync(path.join(ROOT, 'lib', 'cli', 'main.js'))).toBe(true);
  s = await runMutations({ cases: CI_CASES, seed: CI_SEED, spawnEvery: 20 });
}, 900000);

test(`${CI_CASES} mutated workbooks (seed ${CI_SEED}): exit 0/1/2, no internal error, JSON always, sources unchanged, allocations exact`, () => {
  expect(s.spawned).toBeGreaterThanOrEqual(CI_CASES / 20);
  expect(Object.keys(s.byMutation)).toEqual(expect.arrayContaining(['count-as-percent', 'emoji-sheet-name', 'float-noise', 'huge', 'number-as-date', 'number-as-text', 'rate-as-x', 'many-units']));
  expect(show(s.failures.filter((f) => !avoidable(f)))).toEqual([]);
});

// fix's own formulas: a total keeps its stated value when a member is unusable
// or missing, or when a relation of its row holds only with the stated totals;
// a derived count is never negative; a count formatted as % is the number typed
// (src/core/correct.ts). What no formula can fix stays an error on a typed cell.
test('fix leaves no error on a formula it wrote, in any of the mutated workbooks', () => {
  expect(show(s.failures.filter(avoidable))).toEqual([]);
});
