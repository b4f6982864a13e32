import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median } from './stats';

/**
 * `esign-drafts lint` on 2 000 payload files of about 4 KB each, as a whole process, with each CI
 * option (github, junit, -o, --quiet, --max-warnings, no file arguments) against plain stylish
 * (goal: each costs at most 10 % more), and ajv-cli (a devDependency) validating the same files
 * against the same schema alone, as a reference. Runs interleaved, medians of the wall-clock time
 * and of the CPU time the process used (user + system, from bash's `times`): on a shared, loaded
 * machine the CPU time is the steadier figure. Prints figures; nothing is asserted.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const FILES = Number(process.env.ESIGN_BENCH_MANY_FILES ?? 2000);
const RUNS = Number(process.env.ESIGN_BENCH_MANY_RUNS ?? 7);
const SCHEMA = path.join(ROOT, 'schemas', 'ignisign-v3-update-signature-request.schema.json');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const AJV_CLI = path.join(ROOT, 'node_modules', 'ajv-cli', 'dist', 'index.js');

/** A valid Ignisign v3 update of about 4 KB; one file in ten lacks signerIds (a warning, so that the formats have findings to print). */
function payload(index: number): string {
  const id = (n: number) => (0x65f1c2a9e4b0a1b2c3d40000n + BigInt(n)).toString(16).padStart(24, '0');
  const body: Record<string, unknown> = {
    $request: { id: id(index) },
    title: `Employment contract ${index}`,
    description: `Contract ${index}: please read the contract and its annexes, then sign. `.repeat(6).trim(),
    language: 'EN',
    documentIds: Array.from({ length: 50 }, (_, k) => id(100_000 + index * 100 + k)),
    signerIds: Array.from({ length: 50 }, (_, k) => id(500_000 + index * 100 + k)),
    recipients: ['hr@example.com', 'legal@example.com'],
    diffusionMode: 'WHEN_READY',
  };
  if (index % 10 === 0) delete body.signerIds;
  return JSON.stringify(body, null, 2) + '\n';
}

interface Command {
  name: string;
  args: string[];
  /** Exit codes that mean the command did its job. */
  ok: number[];
}

/** bash runs the command (its output to /dev/null) and then `times`, whose second line is the CPU time its children used. */
const TIMED = 'out=$("$@" 2>&1 >/dev/null); status=$?; times; [ $status -ne 0 ] && printf %s "$out" | head -c 2000 >&2; exit $status';

function seconds(text: string): number {
  const [, minutes, secs] = /(\d+)m([\d.]+)s/.exec(text) ?? [];
  return Number(minutes) * 60 + Number(secs);
}

function once(command: Command, cwd: string): { wall: number; cpu: number } {
  const start = process.hrtime.bigint();
  const result = spawnSync('bash', ['-c', TIMED, 'bash', process.execPath, ...command.args], { cwd, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (!command.ok.includes(result.status ?? -1)) throw new Error(`${command.name} exited ${result.status}: ${result.stderr.slice(0, 2000)}`);
  const [user, system] = result.stdout.trim().split('\n')[1].split(/\s+/).map(seconds);
  return { wall, cpu: (user + system) * 1000 };
}

function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-drafts-many-'));
  try {
    for (let i = 0; i < FILES; i++) fs.writeFileSync(path.join(dir, `contract-${String(i).padStart(4, '0')}.ignisign.json`), payload(i));
    // Teams still on v3 turn the archive notice off; the findings left are the warnings above.
    fs.writeFileSync(path.join(dir, 'esign-drafts.config.json'), JSON.stringify({ rules: { 'ignisign/v3-archived': 'off' } }));
    const sizes = fs.readdirSync(dir).filter((f) => f.endsWith('.ignisign.json')).map((f) => fs.statSync(path.join(dir, f)).size);
    const glob = '*.ignisign.json';
    const lint = (...options: string[]): string[] => [CLI, 'lint', ...options, glob];
    const commands: Command[] = [
      { name: 'stylish (the base)', args: lint(), ok: [0] },
      { name: '--format github', args: lint('--format', 'github'), ok: [0] },
      { name: '--format junit', args: lint('--format', 'junit'), ok: [0] },
      { name: '--format sarif -o lint.sarif', args: lint('--format', 'sarif', '-o', 'lint.sarif'), ok: [0] },
      { name: '--quiet', args: lint('--quiet'), ok: [0] },
      { name: '--max-warnings 0', args: lint('--max-warnings', '0'), ok: [1] },
      { name: 'no file arguments (folder walk)', args: [CLI, 'lint'], ok: [0] },
      { name: 'ajv-cli validate (schema only)', args: [AJV_CLI, 'validate', '--spec=draft7', '--strict=false', '-c', 'ajv-formats', '--all-errors', '-s', SCHEMA, '-d', glob], ok: [0] },
    ];
    // Same verdict first: every file valid for both, the warnings only ours.
    const check = spawnSync(process.execPath, lint('--format', 'json'), { cwd: dir, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    const findings = (JSON.parse(check.stdout) as { diagnostics: { severity: string }[] }[]).flatMap((f) => f.diagnostics);
    if (check.status !== 0 || findings.some((f) => f.severity === 'error')) throw new Error(`the generated files should have no error: ${check.stdout.slice(0, 2000)}`);
    console.log(`Many-file lint benchmark (node ${process.version}; ${FILES} files, ${(sizes.reduce((a, b) => a + b, 0) / sizes.length / 1024).toFixed(1)} KB each on average, ${findings.length} warnings; ${RUNS} interleaved runs each, medians; load average ${os.loadavg().map((l) => l.toFixed(2)).join(', ')})`);
    for (const command of commands) once(command, dir);
    const samples = commands.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
    for (let i = 0; i < RUNS; i++) {
      for (let k = 0; k < commands.length; k++) {
        const which = (i + k) % commands.length;
        const { wall, cpu } = once(commands[which], dir);
        samples[which].wall.push(wall);
        samples[which].cpu.push(cpu);
      }
    }
    const wall = samples.map((s) => median(s.wall));
    const cpu = samples.map((s) => median(s.cpu));
    console.log(`  ${''.padEnd(34)} ${'wall'.padStart(8)} ${'CPU'.padStart(8)}`);
    commands.forEach((command, i) => {
      const over = (figures: number[]) => `${((figures[i] / figures[0] - 1) * 100).toFixed(1)} %`;
      const verdict =
        i === 0
          ? ''
          : command.name.startsWith('ajv-cli')
            ? `  esign-drafts lint / ajv-cli: wall ${(wall[0] / wall[i]).toFixed(2)}x, CPU ${(cpu[0] / cpu[i]).toFixed(2)}x`
            : `  over stylish: wall ${over(wall)}, CPU ${over(cpu)} (goal <= 10 %: ${cpu[i] / cpu[0] <= 1.1 ? 'met' : 'NOT met'} by CPU)`;
      console.log(`  ${command.name.padEnd(34)} ${wall[i].toFixed(0).padStart(5)} ms ${cpu[i].toFixed(0).padStart(5)} ms${verdict}`);
    });
    console.log(`load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
