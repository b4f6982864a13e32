import * as fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';

/**
 * Inside the extension host (called by hostProbe.ts): how long the host's event loop is held up
 * while a ~10 MB payload (bench/largeEditPayload.ts) is opened in an editor, typed into and
 * linted. Every edit waits for the language server's findings on its version, as a person
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
  /** Opening the file in an editor until the server's first findings (VS Code hands the host the whole text). */
  open: LagFigures;
  /** The edits, each until the server's findings on its version: the goal's figure. */
  editing: LagFigures;
  edits: number;
  documentBytes: number;
  /** The findings the server reported before and after the edit that adds one. */
  findingsBefore: number;
  findingsAfter: number;
}

const RESOLUTION_MS = 10;
const TYPED = ' (2031 revision)';

export async function measureEditLag(payloadFile: string): Promise<EditLagFigures> {
  const api = vscode.extensions.getExtension('esign-drafts.esign-drafts')?.exports;
  if (!api) throw new Error('the extension is not active');
  let probe = new LagProbe();
  try {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(payloadFile));
    const editor = await vscode.window.showTextDocument(document);
    const first = await findings(api, editor.document);
    await pause(3 * RESOLUTION_MS);
    const open = probe.stop();
    probe = new LagProbe();
    // Typing at the end of the title, one character at a time.
    const titleLine = lineOf(editor.document, '"title"');
    let edits = 0;
    for (const character of TYPED) {
      const end = editor.document.lineAt(titleLine).text.lastIndexOf('"');
      await edit(editor, (b) => b.insert(new vscode.Position(titleLine, end), character));
      edits++;
      await pause(30);
      await findings(api, editor.document);
    }
    // A misspelled key typed in: one finding more.
    await edit(editor, (b) => b.insert(new vscode.Position(titleLine + 1, 0), '  "titel": "draft",\n'));
    edits++;
    const after = await findings(api, editor.document);
    // Undo it: back to the first count.
    await edit(editor, (b) => b.delete(new vscode.Range(titleLine + 1, 0, titleLine + 2, 0)));
    edits++;
    await findings(api, editor.document);
    await pause(3 * RESOLUTION_MS);
    const editing = probe.stop();
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    return {
      open,
      editing,
      edits,
      documentBytes: fs.statSync(payloadFile).size,
      findingsBefore: first,
      findingsAfter: after,
    };
  } finally {
    probe.stop();
  }
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

async function findings(api: any, document: vscode.TextDocument): Promise<number> {
  const result = await api.findingsFor(document);
  if (!result) throw new Error(`the language server reported nothing on version ${document.version} of ${document.uri.fsPath}`);
  return result.diagnostics.length;
}

async function edit(editor: vscode.TextEditor, change: (builder: vscode.TextEditorEdit) => void): Promise<void> {
  if (!(await editor.edit(change, { undoStopBefore: false, undoStopAfter: false }))) throw new Error('the edit was not applied');
}

function lineOf(document: vscode.TextDocument, needle: string): number {
  for (let line = 0; line < Math.min(document.lineCount, 50); line++) if (document.lineAt(line).text.includes(needle)) return line;
  throw new Error(`no ${needle} near the top of ${document.uri.fsPath}`);
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
