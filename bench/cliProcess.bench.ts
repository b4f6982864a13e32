import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { median } from './stats';

/**
 * `esign-drafts lint` of a typical payload as a whole process (start-up included), against VS
 * Code's JSON language service validating the same file against the same schema as a process
 * (bench/jsonLanguageServiceProcess.ts, bundled and minified like dist/). Runs interleaved,
 * medians of the same run. Goal: at most 0.6x. A bare `node -e ""` runs interleaved too: Node's
 * own start is most of both processes, so the ratio of the time above it is printed as well.
 * Prints figures; nothing is asserted.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const RUNS = Number(process.env.ESIGN_BENCH_CLI_RUNS ?? 30);
const FILE = path.join(ROOT, 'samples', 'employment-contract.ignisign.json');
const SCHEMA = path.join(ROOT, 'schemas', 'ignisign-v3-update-signature-request.schema.json');

const commands = {
  ours: [path.join(ROOT, 'dist', 'cli.js'), 'lint', '--format', 'json', FILE],
  reference: [path.join(ROOT, 'out', 'bench', 'jsonLanguageServiceProcess.js'), SCHEMA, FILE],
  bareNode: ['-e', ''],
};

function once(args: string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: path.join(ROOT, 'samples'), encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${path.basename(args[0])} exited ${result.status}: ${result.stdout}${result.stderr}`);
  return ms;
}

function main() {
  // Same answer first: both see the sample as valid.
  const ours = spawnSync(process.execPath, commands.ours, { cwd: path.join(ROOT, 'samples'), encoding: 'utf8' });
  if (ours.status !== 0) throw new Error(`esign-drafts lint found errors in the sample: ${ours.stdout}`);
  const reference = spawnSync(process.execPath, commands.reference, { encoding: 'utf8' });
  if (reference.stdout.trim() !== '0 errors') throw new Error(`the JSON language service found errors in the sample: ${reference.stdout}${reference.stderr}`);
  const names = ['ours', 'reference', 'bareNode'] as const;
  for (let i = 0; i < 3; i++) for (const which of names) once(commands[which]);
  const samples = { ours: [] as number[], reference: [] as number[], bareNode: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, each starting in turn, so drift in the machine's load hits all alike.
    for (let k = 0; k < names.length; k++) {
      const which = names[(i + k) % names.length];
      samples[which].push(once(commands[which]));
    }
  }
  const oursMs = median(samples.ours);
  const referenceMs = median(samples.reference);
  const bareMs = median(samples.bareNode);
  const ratio = oursMs / referenceMs;
  console.log(`CLI process benchmark (node ${process.version}, ${RUNS} interleaved runs each, medians), ${path.basename(FILE)}:`);
  console.log(`  esign-drafts lint (whole process)                  ${oursMs.toFixed(1)} ms`);
  console.log(`  vscode-json-languageservice, same file and schema  ${referenceMs.toFixed(1)} ms`);
  console.log(`  node -e "" (Node's own start)                     ${bareMs.toFixed(1)} ms`);
  console.log(`  ratio ${ratio.toFixed(2)}x (goal <= 0.6x): ${ratio <= 0.6 ? 'met' : 'NOT met'}`);
  console.log(`  above Node's own start: ours ${(oursMs - bareMs).toFixed(1)} ms, reference ${(referenceMs - bareMs).toFixed(1)} ms, ratio ${((oursMs - bareMs) / (referenceMs - bareMs)).toFixed(2)}x`);
}

main();
