// `npm run fuzz [-- --cases N] [-- --messages M] [-- --seed S]`: a long fuzz campaign over the lint
// engine, its fixes and body preparation, then over the language server (random LSP messages, valid
// and broken, against one `lsp --stdio` process) (test/unit/fuzz.test.ts). `npm test` runs a fixed
// seed; this picks a random one (printed, so any failure can be replayed) and 10 000 cases and
// 10 000 messages unless told otherwise.
// Replay one case: ESIGN_FUZZ_SEED=<seed> ESIGN_FUZZ_CASE=<index> npm run fuzz
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { cases: { type: 'string' }, messages: { type: 'string' }, seed: { type: 'string' } } });

function integer(name, raw) {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) {
    console.error(`--${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return Number(raw);
}

const seed = integer('seed', values.seed ?? process.env.ESIGN_FUZZ_SEED) ?? randomInt(2 ** 32);
const cases = integer('cases', values.cases ?? process.env.ESIGN_FUZZ_CASES) ?? 10_000;
const messages = integer('messages', values.messages ?? process.env.ESIGN_FUZZ_MESSAGES) ?? 10_000;
const only = process.env.ESIGN_FUZZ_CASE;
console.log(`fuzz: seed ${seed}, ${only === undefined ? `${cases} cases` : `case ${only} only`}, ${messages} LSP messages (replay: ESIGN_FUZZ_SEED=${seed} npm run fuzz)`);

const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const mocha = join(root, 'node_modules/mocha/bin/mocha.js');
const run = spawnSync(process.execPath, [mocha, '--no-config', '--reporter', 'spec', '--timeout', '0', '--grep', 'cases, seed|LSP messages, seed', join(root, 'out/test/unit/fuzz.test.js')], {
  stdio: 'inherit',
  env: { ...process.env, ESIGN_FUZZ_SEED: String(seed), ESIGN_FUZZ_CASES: String(cases), ESIGN_FUZZ_MESSAGES: String(messages), ESIGN_FUZZ_VERBOSE: '1' },
});
process.exit(run.status ?? 1);
