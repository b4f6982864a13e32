import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { measureEditLag, startProfile, type EditLagFigures } from './editLagProbe';
import { measureResponseBlocks, type ResponseBlockFigures } from './responseBlockProbe';

/**
 * Runs inside the extension host (as extensionTestsPath) for `npm run bench`: activates the
 * extension(s) named in ESIGN_BENCH_EXTENSIONS one after the other, measuring the time and the
 * extension host's memory around each activation, and writes the figures to ESIGN_BENCH_REPORT.
 */
export async function run(): Promise<void> {
  try {
    await measure();
  } catch (error) {
    fs.writeFileSync(process.env.ESIGN_BENCH_REPORT!, JSON.stringify({ error: error instanceof Error ? error.stack : String(error), loaded: vscode.extensions.all.map((e) => e.id).filter((id) => id.startsWith('esign')) }));
    throw error;
  }
}

async function measure(): Promise<void> {
  const ids = (process.env.ESIGN_BENCH_EXTENSIONS ?? '').split(',').filter(Boolean);
  const figures: Record<string, { activationMs: number; heapDeltaMb: number; rssDeltaMb: number; heapAfterMb: number }> = {};
  global.gc?.();
  for (const id of ids) {
    const extension = vscode.extensions.getExtension(id);
    if (!extension) throw new Error(`extension ${id} is not loaded`);
    if (extension.isActive) throw new Error(`extension ${id} was already active: the measurement would be empty`);
    const before = process.memoryUsage();
    // ESIGN_BENCH_PROFILE_ACTIVATION: a CPU profile of our activation, to see what it spends its time on.
    const profile = process.env.ESIGN_BENCH_PROFILE_ACTIVATION && id === 'esign-drafts.esign-drafts' ? await startProfile() : undefined;
    const start = performance.now();
    await extension.activate();
    const activationMs = performance.now() - start;
    await profile?.stop(process.env.ESIGN_BENCH_PROFILE_ACTIVATION!);
    const after = process.memoryUsage();
    figures[id] = {
      activationMs,
      heapDeltaMb: (after.heapUsed - before.heapUsed) / 1048576,
      rssDeltaMb: (after.rss - before.rss) / 1048576,
      heapAfterMb: after.heapUsed / 1048576,
    };
  }
  // What a first payload costs right after activation: open it and wait for the language server's
  // findings (the lint itself runs in the server's process, not on the host's thread).
  const folder = vscode.workspace.workspaceFolders?.[0];
  let firstLintMs: number | undefined;
  if (folder) {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'employment-contract.ignisign.json'));
    const api = vscode.extensions.getExtension('esign-drafts.esign-drafts')?.exports;
    const start = performance.now();
    await api?.findingsFor(document);
    firstLintMs = performance.now() - start;
  }
  // The longest block of the host by a send, per answer the bench's peer serves (see host.bench.ts).
  let responseBlocks: ResponseBlockFigures | undefined;
  if (process.env.ESIGN_BENCH_PEER && process.env.ESIGN_BENCH_PAYLOAD) {
    // ESIGN_BENCH_PROFILE_SENDS: a CPU profile of the host over the sends, to see what blocks it.
    const profile = process.env.ESIGN_BENCH_PROFILE_SENDS ? await startProfile() : undefined;
    responseBlocks = await measureResponseBlocks(process.env.ESIGN_BENCH_PEER, (process.env.ESIGN_BENCH_BODIES ?? '').split('\n').filter(Boolean), process.env.ESIGN_BENCH_PAYLOAD);
    await profile?.stop(process.env.ESIGN_BENCH_PROFILE_SENDS!);
  }
  // The host's event-loop lag while a ~10 MB payload is edited and linted (bench/editLagProbe.ts).
  let editLag: EditLagFigures | undefined;
  if (process.env.ESIGN_BENCH_LARGE_PAYLOAD && process.env.ESIGN_BENCH_LARGE_TEXT) editLag = await measureEditLag(process.env.ESIGN_BENCH_LARGE_PAYLOAD, process.env.ESIGN_BENCH_LARGE_TEXT);
  fs.writeFileSync(process.env.ESIGN_BENCH_REPORT!, JSON.stringify({ figures, firstLintMs, responseBlocks, editLag, memory: process.memoryUsage() }));
}
