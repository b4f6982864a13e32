import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { payloadWithManyFindings } from './findingPayloads';
import { median } from './stats';

/**
 * `esign-drafts lint` as a whole process (start-up included), against VS Code's JSON language
 * service validating the same file against the same schema as a process
 * (bench/jsonLanguageServiceProcess.ts, bundled and minified like dist/), on a typical payload
 * and on a file with 8 000 findings (goal: at most 1.0x for both). Runs interleaved,
 * medians of the same run. A bare `node -e ""` runs interleaved too: Node's own start is most of
 * both processes, so the ratio of the time above it is printed as well. The CLI keeps no code
 * cache of its own (Node 22.1+ has module.enableCompileCache, which it turns on; Node 20 has none),
 * so every run here is what a first run costs on Node 20. Prints figures; nothing is asserted.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const RUNS = Number(process.env.ESIGN_BENCH_CLI_RUNS ?? 30);
const FILE = path.join(ROOT, 'samples', 'employment-contract.ignisign.json');
const SCHEMA = path.join(ROOT, 'schemas', 'ignisign-v3-update-signature-request.schema.json');

/** 2 000 each of unknown keys, misspelled keys, enum errors and approvers not among the signers. */
const MANY_FINDINGS_PER_KIND = 2000;

interface Case {
  name: string;
  file: string;
  goal: number;
  /** Whether the file is expected to have errors (esign-drafts lint then exits 1). */
  withErrors: boolean;
}

function commandsFor(file: string) {
  const lint = [path.join(ROOT, 'dist', 'cli.js'), 'lint', '--format', 'json', file];
  return {
    ours: { args: lint, env: {} },
    reference: { args: [path.join(ROOT, 'out', 'bench', 'jsonLanguageServiceProcess.js'), SCHEMA, file], env: {} },
    bareNode: { args: ['-e', ''], env: {} },
  };
}

function once({ args, env }: { args: string[]; env: Record<string, string> }, okStatuses: readonly number[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: path.join(ROOT, 'samples'), env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!okStatuses.includes(result.status ?? -1)) throw new Error(`${path.basename(args[0])} exited ${result.status}: ${result.stdout.slice(0, 2000)}${result.stderr}`);
  return ms;
}

function run(c: Case): void {
  const commands = commandsFor(c.file);
  const oursOk = c.withErrors ? [1] : [0];
  // Same answer first: both see the sample as valid, or both see errors in the other file.
  const ours = spawnSync(process.execPath, commands.ours.args, { cwd: path.join(ROOT, 'samples'), env: { ...process.env, ...commands.ours.env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (!oursOk.includes(ours.status ?? -1)) throw new Error(`esign-drafts lint exited ${ours.status} on ${c.name}: ${ours.stdout.slice(0, 2000)}${ours.stderr}`);
  const reference = spawnSync(process.execPath, commands.reference.args, { encoding: 'utf8' });
  const referenceErrors = Number(/^(\d+) errors/.exec(reference.stdout)?.[1] ?? NaN);
  if (c.withErrors ? !(referenceErrors > 0) : referenceErrors !== 0) throw new Error(`the JSON language service on ${c.name}: ${reference.stdout}${reference.stderr}`);
  const ourCount = c.withErrors ? (JSON.parse(ours.stdout) as { diagnostics: unknown[] }[]).reduce((n, f) => n + f.diagnostics.length, 0) : 0;
  const names = ['ours', 'reference', 'bareNode'] as const;
  const statuses = { ours: oursOk, reference: [0], bareNode: [0] };
  for (let i = 0; i < 3; i++) for (const which of names) once(commands[which], statuses[which]);
  const samples = { ours: [] as number[], reference: [] as number[], bareNode: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, each starting in turn, so drift in the machine's load hits all alike.
    for (let k = 0; k < names.length; k++) {
      const which = names[(i + k) % names.length];
      samples[which].push(once(commands[which], statuses[which]));
    }
  }
  const oursMs = median(samples.ours);
  const referenceMs = median(samples.reference);
  const bareMs = median(samples.bareNode);
  const ratio = oursMs / referenceMs;
  const size = fs.statSync(c.file).size;
  console.log(`\n${c.name}: ${path.basename(c.file)} (${(size / 1024).toFixed(1)} KB)${c.withErrors ? `, findings listed: ours ${ourCount ?? '?'} (the first 1000 of each rule, the rest counted), JSON service ${referenceErrors} errors` : ''}`);
  console.log(`  esign-drafts lint (whole process)                  ${oursMs.toFixed(1)} ms`);
  console.log(`  vscode-json-languageservice, same file and schema  ${referenceMs.toFixed(1)} ms`);
  console.log(`  node -e "" (Node's own start)                     ${bareMs.toFixed(1)} ms`);
  console.log(`  ratio ${ratio.toFixed(2)}x (goal <= ${c.goal}x): ${ratio <= c.goal ? 'met' : 'NOT met'}`);
  console.log(`  above Node's own start: ours ${(oursMs - bareMs).toFixed(1)} ms, reference ${(referenceMs - bareMs).toFixed(1)} ms, ratio ${((oursMs - bareMs) / (referenceMs - bareMs)).toFixed(2)}x`);
}

function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-drafts-bench-'));
  try {
    const many = path.join(dir, 'many-findings.ignisign.json');
    fs.writeFileSync(many, payloadWithManyFindings(MANY_FINDINGS_PER_KIND));
    console.log(`CLI process benchmark (node ${process.version}, ${RUNS} interleaved runs each, medians; load average ${os.loadavg().map((l) => l.toFixed(2)).join(', ')})`);
    run({ name: 'typical file', file: FILE, goal: 1.0, withErrors: false });
    run({ name: `file with ${4 * MANY_FINDINGS_PER_KIND} findings`, file: many, goal: 1.0, withErrors: true });
    console.log(`\nload average after: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
