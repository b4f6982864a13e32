/**
 * Fuzz test: thousands of mutated payloads (truncated, retyped, deeply nested, huge, odd Unicode,
 * comments, BOMs, line endings, duplicate keys, variables and placeholders in odd places…)
 * through the lint engine, every offered fix, and the send path's body preparation.
 *
 * Seeded and reproducible: ESIGN_FUZZ_SEED (default below) and ESIGN_FUZZ_CASES (default 3000).
 * A failure names its seed and case; ESIGN_FUZZ_CASE=<index> replays just that case, and the
 * failing input is written to a temp file for a closer look.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeError, InvariantError } from '../support/fuzz/invariants';
import { makeCase, runCase, type FuzzEnvironment } from '../support/fuzz/runCase';
import { loadSeeds } from '../support/fuzz/seeds';
import { NOW, profile, REPO_ROOT } from './lintSupport';

const DEFAULT_SEED = 20261123;
const DEFAULT_CASES = 3000;
/** A correctness bound for pathological inputs (not a benchmark): no single file may take longer. */
const MAX_CASE_MS = 2000;

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return value;
}

describe('fuzz: lint, fixes and body preparation survive any input', function () {
  // The whole run is budgeted at about 40 s on 2 cores; mocha's default would cut it short.
  this.timeout(180_000);

  const seed = envInt('ESIGN_FUZZ_SEED', DEFAULT_SEED) >>> 0;
  const cases = envInt('ESIGN_FUZZ_CASES', DEFAULT_CASES);
  const only = process.env.ESIGN_FUZZ_CASE ? envInt('ESIGN_FUZZ_CASE', 0) : undefined;

  it(`${only === undefined ? cases : 1} cases, seed ${seed}`, () => {
    const env: FuzzEnvironment = {
      repoRoot: REPO_ROOT,
      seeds: loadSeeds(REPO_ROOT),
      profiles: { ignisign: profile('ignisign'), zigned: profile('zigned') },
      now: NOW,
    };
    assert.ok(env.seeds.length >= 50, `seeds loaded (${env.seeds.length})`);
    const failures: string[] = [];
    const indices = only === undefined ? Array.from({ length: cases }, (_, i) => i) : [only];
    let slowest = { index: -1, ms: 0 };
    const started = Date.now();
    for (const index of indices) {
      const c = makeCase(env, seed, index);
      const t0 = performance.now();
      let problem: string | undefined;
      try {
        runCase(env, c);
      } catch (error) {
        problem = error instanceof InvariantError ? error.message : `escaped: ${describeError(error)}`;
      }
      const ms = performance.now() - t0;
      if (ms > slowest.ms) slowest = { index, ms };
      if (!problem && ms > MAX_CASE_MS) problem = `took ${Math.round(ms)} ms (the bound is ${MAX_CASE_MS} ms)`;
      if (problem) {
        const file = path.join(os.tmpdir(), `esign-fuzz-${seed}-${index}.json`);
        fs.writeFileSync(file, c.text);
        failures.push(
          `case ${index} (replay: ESIGN_FUZZ_SEED=${seed} ESIGN_FUZZ_CASE=${index}), seed file ${c.seed.name} (${c.seed.provider}), ` +
            `mutations ${c.mutations.join(' · ')}, input ${c.text.length} chars in ${file}\n  ${problem.replace(/\n/g, '\n  ')}`,
        );
        if (failures.length >= 10) break;
      }
    }
    const summary = `${indices.length} cases in ${((Date.now() - started) / 1000).toFixed(1)} s, slowest case ${slowest.index} (${Math.round(slowest.ms)} ms), seed ${seed}`;
    if (process.env.ESIGN_FUZZ_VERBOSE) console.log(`      ${summary}`);
    assert.equal(failures.length, 0, `${failures.length}${failures.length >= 10 ? '+' : ''} fuzz failure(s) (${summary}):\n\n${failures.join('\n\n')}`);
  });
});
