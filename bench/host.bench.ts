import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startHost } from '../test/integration/codeServerHost';
import { repoRoot } from '../test/integration/hostPaths';
import { median } from './stats';

/**
 * In the real extension host (code-server): activation time and extension-host memory after
 * activation, against a do-nothing reference extension activated in the same host, plus the
 * bundle sizes. Several host starts; medians. Figures only, nothing asserted.
 */
const RUNS = Number(process.env.ESIGN_BENCH_HOST_RUNS ?? 3);


/**
 * Our extension as the VSIX ships it, but activated only by the probe: with its activation events
 * left in, any JSON model the workbench happens to open first (a race) activated it before the
 * probe could measure, and the run failed with "already active". Contributions stay as they are.
 */
function probeCopyOfExtension(): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-bench-extension-'));
  for (const entry of ['dist', 'schemas', 'snippets', 'media', 'docs', 'README.md', 'CHANGELOG.md', 'LICENSE']) {
    const from = path.join(repoRoot, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(copy, entry), { recursive: true });
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  manifest.activationEvents = [];
  fs.writeFileSync(path.join(copy, 'package.json'), JSON.stringify(manifest, null, 2));
  return copy;
}

async function once(stub: string, extension: string): Promise<any> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-bench-host-'));
  // The reference is an installed extension (VS Code loads one development path per window).
  const extensionsDir = path.join(work, 'extensions');
  fs.cpSync(stub, path.join(extensionsDir, 'esign-drafts.bench-reference-0.0.0'), { recursive: true });
  const workspace = path.join(work, 'samples');
  fs.cpSync(path.join(repoRoot, 'samples'), workspace, { recursive: true });
  const report = path.join(work, 'report.json');
  // The probe activates the reference first, then ours, in the same extension host.
  const host = await startHost({
    workspace,
    extensionDevelopmentPath: extension,
    extensionsDir,
    extensionTestsPath: path.join(repoRoot, 'out', 'bench', 'hostProbe.js'),
    env: { ESIGN_BENCH_REPORT: report, ESIGN_BENCH_EXTENSIONS: 'esign-drafts.bench-reference,esign-drafts.esign-drafts' },
    log: () => undefined,
  });
  try {
    const deadline = Date.now() + 120_000;
    while (!fs.existsSync(report)) {
      if (Date.now() > deadline) throw new Error('the host probe did not report');
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 100));
    const result = JSON.parse(fs.readFileSync(report, 'utf8'));
    if (result.error) throw new Error(`host probe failed: ${result.error} (loaded: ${result.loaded})`);
    return result;
  } finally {
    await host.stop();
  }
}

async function main() {
  const stub = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-bench-reference-'));
  fs.writeFileSync(path.join(stub, 'package.json'), JSON.stringify({ name: 'bench-reference', publisher: 'esign-drafts', version: '0.0.0', main: './extension.js', engines: { vscode: '^1.100.0' }, activationEvents: [] }));
  fs.writeFileSync(path.join(stub, 'extension.js'), 'exports.activate = () => ({});\n');
  const extension = probeCopyOfExtension();
  const results = [];
  for (let i = 0; i < RUNS; i++) results.push(await once(stub, extension));
  const ours = results.map((r) => r.figures['esign-drafts.esign-drafts']);
  const reference = results.map((r) => r.figures['esign-drafts.bench-reference']);
  const oursMs = median(ours.map((f: any) => f.activationMs));
  const refMs = median(reference.map((f: any) => f.activationMs));
  console.log(`extension host benchmark (code-server 4.100.3, ${RUNS} host starts, medians)`);
  console.log(`  activation: ours ${oursMs.toFixed(1)} ms, do-nothing reference ${refMs.toFixed(1)} ms (ratio ${(oursMs / refMs).toFixed(1)}x)`);
  // Heap deltas of a few MB are within GC noise (no --expose-gc in the host): the absolute heap is the figure to watch.
  console.log(`  extension-host memory after activation: heap ${median(ours.map((f: any) => f.heapAfterMb)).toFixed(1)} MB (change across our activation ${median(ours.map((f: any) => f.heapDeltaMb)).toFixed(1)} MB, across the reference's ${median(reference.map((f: any) => f.heapDeltaMb)).toFixed(1)} MB), rss ${(median(results.map((r) => r.memory.rss)) / 1048576).toFixed(0)} MB at the end`);
  console.log(`  first lint of a payload after activation (validators precompiled at build time): ${median(results.map((r) => r.firstLintMs)).toFixed(1)} ms`);
  for (const bundle of ['dist/extension.js', 'dist/cli.js']) {
    const size = fs.statSync(path.join(repoRoot, bundle)).size;
    console.log(`  ${bundle} (npm run bench builds with --production, as the VSIX): ${(size / 1024).toFixed(0)} KB`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
