// `npm run mutate -- --cases 2000 --seed 7`: the mutation test, longer than CI runs it.
// Prints the numbers (cases, runs, time, failures by command) and every failure
// with the seed and case index that reproduce it; exit 1 when any property fails.
import { runMutations } from '../test/mutation/mutate';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} must be a whole number`);
  return v;
}

async function run(): Promise<void> {
  const cases = arg('--cases', 500);
  const seed = arg('--seed', 20261202);
  const spawnEvery = arg('--spawn-every', 20);
  let shown = 0;
  const s = await runMutations({
    cases,
    seed,
    spawnEvery,
    onCase: (i, f) => {
      for (; shown < f.length; shown++) process.stdout.write(`  ! case ${f[shown].case} ${f[shown].command}: ${f[shown].problem.slice(0, 300)} (${f[shown].mutations.join('; ')})\n`);
      if ((i + 1) % 25 === 0) process.stdout.write(`  ${i + 1}/${cases} cases, ${f.length} failure(s)\n`);
    },
  });
  console.log(`seed ${seed}: ${s.cases} cases, ${s.runs} command runs (${s.spawned} through bin/povcheck.js) in ${s.seconds.toFixed(1)} s`);
  console.log(`mutations applied: ${Object.entries(s.byMutation).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  for (const b of s.baselineDirty) console.log(`not asserted (fix leaves errors on the unmutated source): ${b.source}: ${b.errors.join(', ')}`);
  console.log(`carried over from the input (same rule and column; for the relation model): ${s.carried.length}`);
  for (const f of s.carried) console.log(`  case ${f.case} (${f.source}) ${f.problem}`);
  console.log(`failures: ${s.failures.length}`);
  for (const f of s.failures) console.log(`  case ${f.case} (${f.source}; ${f.mutations.join('; ')}) ${f.command}: ${f.problem}`);
  process.exitCode = s.failures.length ? 1 : 0;
}

run().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});
