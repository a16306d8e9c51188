// The mutation test in CI: a fixed seed, a few hundred officer-like mutations
// of the samples and ../shared/forms through check, fix, allocate and appendix
// (in this process; every 20th case runs one command through bin/povcheck.js).
// Longer runs: `npm run mutate -- --cases 2000 --seed N`. The properties are in
// test/mutation/mutate.ts.
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, runMutations } from './mutation/mutate';

export const CI_SEED = 20261202;
export const CI_CASES = 200;

test(`${CI_CASES} mutated workbooks (seed ${CI_SEED}): exit 0/1/2, no internal error, JSON always, sources unchanged, fix clean of avoidable errors, allocations exact`, async () => {
  // The spawned runs need the built CLI (npm test builds it first).
  expect(fs.existsSync(path.join(ROOT, 'lib', 'cli', 'main.js'))).toBe(true);
  const s = await runMutations({ cases: CI_CASES, seed: CI_SEED, spawnEvery: 20 });
  expect(s.spawned).toBeGreaterThanOrEqual(CI_CASES / 20);
  // Every kind of mutation was tried.
  expect(Object.keys(s.byMutation).sort()).toEqual(expect.arrayContaining(['count-as-percent', 'emoji-sheet-name', 'float-noise', 'huge', 'number-as-date', 'number-as-text', 'rate-as-x']));
  expect(s.failures.map((f) => `case ${f.case} (${f.source}; ${f.mutations.join('; ')}) ${f.command}: ${f.problem}`)).toEqual([]);
}, 600000);
