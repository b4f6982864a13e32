import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';

/**
 * Inside the extension host (called by hostProbe.ts): how long the host's event loop is held up
 * while a ~10 MB payload (bench/largeEditPayload.ts) is opened in an editor, typed into and
 * linted. Every edit waits until the language server has linted its version, as a person
 * waiting for the squiggles would. Two probes watch the loop all along: Node's event-loop delay
 * histogram and a 10 ms interval timer's drift.
 */
export interface LagFigures {
  /** Event-loop delay beyond the 10 ms sampling period (ms). */
  maxLagMs: number;
  p99LagMs: number;
  /** The longest a 10 ms interval timer fired late (ms). */
  maxDriftMs: number;
}

export interface EditLagFigures {
  /** Opening the file in an editor until the server has linted it (VS Code hands the host the whole text). */
  open: LagFigures;
  /** The edits, each until the server has linted its version: the goal's figure. */
  editing: LagFigures;
  /**
   * The same text as a plain-text file (no language features, no lint) opened and edited the same
   * way, each edit followed by the same wait: what VS Code's own work on a 10 MB document costs
   * the host (the built-in extensions, garbage collection), for comparison.
   */
  plainText: { open: LagFigures; editing: LagFigures };
  edits: number;
  documentBytes: number;
  /** The findings the server reported before and after the edit that adds one. */
  findingsBefore: number;
  findingsAfter: number;
}

const RESOLUTION_MS = 10;
const TYPED = ' (2031 revision)';

/** @param plainTextFile the same text in a file VS Code opens as plain text. */
export async function measureEditLag(payloadFile: string, plainTextFile: string): Promise<EditLagFigures> {
  const api = vscode.extensions.getExtension('esign-drafts.esign-drafts')?.exports;
  if (!api) throw new Error('the extension is not active');
  const profile = process.env.ESIGN_BENCH_PROFILE ? await startProfile() : undefined;
  const counts: number[] = [];
  // Each step waits until the server has linted the version, as a person waiting for the
  // squiggles does: asking for the findings instead (as the send gate does) would decode them a
  // second time on every edit, work the host does not do while someone types. The server sends
  // diagnostics again only when they changed or may have moved (src/server/unchangedDiagnostics.ts),
  // so the wait is on its "linted" signal, and the count is what VS Code then shows.
  const linted = new LintedVersions(api.languageClient, vscode.Uri.file(payloadFile));
  let ours: Awaited<ReturnType<typeof editSession>>;
  try {
    ours = await editSession(payloadFile, {
      settle: async (document, step) => {
        await linted.reached(document.version);
        // The counts the bench prints: asked for after the opening and the key's two edits only (3 of 19 steps).
        if (step !== 'typed') counts.push(await findings(api, document));
      },
      // Once the lag is measured: VS Code shows what the server reports for the last version (nothing lost by not resending).
      atEnd: async (document) => {
        const expected = counts[counts.length - 1];
        const deadline = Date.now() + 10_000;
        while (vscode.languages.getDiagnostics(document.uri).length !== expected) {
          if (Date.now() > deadline) throw new Error(`VS Code shows ${vscode.languages.getDiagnostics(document.uri).length} findings after the last edit, but the server reports ${expected} for version ${document.version}`);
          await pause(50);
        }
      },
    });
  } finally {
    linted.dispose();
  }
  if (profile) await profile.stop(process.env.ESIGN_BENCH_PROFILE!);
  // The plain-text file waits after each step as long as the payload waited for its findings.
  const waits = [...ours.waits];
  // The plain-text session is profiled too (next to the first profile, `.plain` before its extension): what the host does for any 10 MB document.
  const plainProfile = process.env.ESIGN_BENCH_PROFILE ? await startProfile() : undefined;
  const plain = await editSession(plainTextFile, { settle: () => pause(waits.shift() ?? 0) });
  if (plainProfile) await plainProfile.stop(process.env.ESIGN_BENCH_PROFILE!.replace(/(\.[^./]*)?$/, '.plain$1'));
  return {
    open: ours.open,
    editing: ours.editing,
    plainText: { open: plain.open, editing: plain.editing },
    edits: ours.edits,
    documentBytes: fs.statSync(payloadFile).size,
    findingsBefore: counts[0],
    findingsAfter: counts[1],
  };
}

interface SessionSteps {
  /** After the opening and after each edit: what the step waits for. */
  settle: (document: vscode.TextDocument, step: 'opened' | 'typed' | 'keyAdded' | 'keyRemoved') => Promise<void>;
  /** After the lag is measured, before the editor is closed. */
  atEnd?: (document: vscode.TextDocument) => Promise<void>;
}

/**
 * Opens the file in an editor, types into its title one character at a time, adds a misspelled
 * key and removes it again, calling `settle` after the opening and after each edit; the loop's
 * lag is measured over the opening and over the edits.
 */
async function editSession(file: string, steps: SessionSteps): Promise<{ open: LagFigures; editing: LagFigures; edits: number; waits: number[] }> {
  const waits: number[] = [];
  const settled = async (document: vscode.TextDocument, step: Parameters<SessionSteps['settle']>[1]) => {
    const start = performance.now();
    await steps.settle(document, step);
    waits.push(performance.now() - start);
  };
  let probe = new LagProbe();
  try {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const editor = await vscode.window.showTextDocument(document);
    await settled(editor.document, 'opened');
    await pause(3 * RESOLUTION_MS);
    const open = probe.stop();
    probe = new LagProbe();
    const titleLine = lineOf(editor.document, '"title"');
    let edits = 0;
    for (const character of TYPED) {
      const end = editor.document.lineAt(titleLine).text.lastIndexOf('"');
      await applyEdit(editor, (b) => b.insert(new vscode.Position(titleLine, end), character));
      edits++;
      await pause(30);
      await settled(editor.document, 'typed');
    }
    // A misspelled key typed in (one finding more), then removed (back to the first count).
    await applyEdit(editor, (b) => b.insert(new vscode.Position(titleLine + 1, 0), '  "titel": "draft",\n'));
    edits++;
    await settled(editor.document, 'keyAdded');
    await applyEdit(editor, (b) => b.delete(new vscode.Range(titleLine + 1, 0, titleLine + 2, 0)));
    edits++;
    await settled(editor.document, 'keyRemoved');
    await pause(3 * RESOLUTION_MS);
    const editing = probe.stop();
    await steps.atEnd?.(editor.document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    return { open, editing, edits, waits };
  } finally {
    probe.stop();
  }
}

async function findings(api: any, document: vscode.TextDocument): Promise<number> {
  const result = await api.findingsFor(document);
  if (!result) throw new Error(`the language server reported nothing on version ${document.version} of ${document.uri.fsPath}`);
  return result.diagnostics.length;
}

/** The newest version of one file the language server has linted (PayloadLanguageClient.onDidLint). */
class LintedVersions implements vscode.Disposable {
  private newest = -1;
  private readonly waiters: (() => void)[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(client: { onDidLint: vscode.Event<{ uri: vscode.Uri; version: number }> }, private readonly uri: vscode.Uri) {
    this.subscription = client.onDidLint((linted) => {
      if (linted.uri.toString() !== uri.toString()) return;
      this.newest = Math.max(this.newest, linted.version);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  async reached(version: number, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.newest < version) {
      if (Date.now() > deadline) throw new Error(`the server did not lint version ${version} of ${this.uri.fsPath} within ${timeoutMs / 1000} s (newest: ${this.newest})`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 1000);
      });
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

async function applyEdit(editor: vscode.TextEditor, change: (builder: vscode.TextEditorEdit) => void): Promise<void> {
  if (!(await editor.edit(change, { undoStopBefore: false, undoStopAfter: false }))) throw new Error('the edit was not applied');
}

function lineOf(document: vscode.TextDocument, needle: string): number {
  for (let line = 0; line < Math.min(document.lineCount, 50); line++) if (document.lineAt(line).text.includes(needle)) return line;
  throw new Error(`no ${needle} near the top of ${document.uri.fsPath}`);
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A CPU profile of the host over the payload's session (ESIGN_BENCH_PROFILE names the .cpuprofile
 * file): to find what holds the loop up when the figures are over the goal.
 */
export async function startProfile(): Promise<{ stop(file: string): Promise<void> }> {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<any>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await post('Profiler.stop');
      fs.writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** Node's event-loop delay histogram and a 10 ms interval timer's drift, from construction to stop(). */
class LagProbe {
  private readonly histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private maxDriftMs = 0;
  private last = performance.now();
  private readonly timer = setInterval(() => {
    const now = performance.now();
    this.maxDriftMs = Math.max(this.maxDriftMs, now - this.last - RESOLUTION_MS);
    this.last = now;
  }, RESOLUTION_MS);

  constructor() {
    this.histogram.enable();
  }

  stop(): LagFigures {
    this.histogram.disable();
    clearInterval(this.timer);
    return {
      maxLagMs: Math.max(0, this.histogram.max / 1e6 - RESOLUTION_MS),
      p99LagMs: Math.max(0, this.histogram.percentile(99) / 1e6 - RESOLUTION_MS),
      maxDriftMs: this.maxDriftMs,
    };
  }
}
