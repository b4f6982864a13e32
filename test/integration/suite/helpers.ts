import * as fs from 'node:fs';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'esign-drafts.esign-drafts';

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('The integration tests need a workspace folder (test/fixtures/workspace).');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function open(...segments: string[]): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(...segments));
  await vscode.window.showTextDocument(document);
  return document;
}

/** Polls until `probe` returns a value that is not undefined/false, or fails with `what`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'E-Sign Drafts');
}

export function theirs(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source !== 'E-Sign Drafts');
}

export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Everything the extension host logged: the output channels live beside the extension's own
 * log folder (logUri/..), so the whole folder is read.
 */
export function readHostLogs(logUri: vscode.Uri | undefined): string {
  if (!logUri) return '';
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const name of fs.readdirSync(dir)) {
      const p = `${dir}/${name}`;
      if (fs.statSync(p).isDirectory()) walk(p);
      else out.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(vscode.Uri.joinPath(logUri, '..').fsPath);
  return out.join('\n');
}

/** The extension, activated (by this call if nothing did yet): its exports, the tests' API. */
export async function activatedApi(): Promise<any> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  await extension.activate();
  await waitFor('activation', () => extension.isActive);
  return extension.exports;
}

/** The extension activated the way a user does it (a payload opened), and its in-process sandbox started. */
export async function apiWithSandbox(): Promise<{ api: any; sandbox: any }> {
  await open('payloads', 'clean.ignisign.json');
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  await waitFor('activation', () => extension.isActive);
  const api = extension.exports;
  await vscode.commands.executeCommand('esignDrafts.startSandbox');
  return { api, sandbox: api.sandbox.instance };
}

/**
 * What a suite that writes scratch payloads, scripts dialogs and changes the workspace's
 * esignDrafts.environments puts back after each test: `remember()` (once the extension is active)
 * notes the environments the fixture has, `restore(api)` gives back the real dialogs, closes every
 * editor, deletes the scratch files and sets the environments back.
 */
export class WorkspaceRestore {
  /** Files the tests wrote, deleted after each. */
  readonly scratch: string[] = [];
  private environments: unknown;

  remember(): void {
    this.environments = vscode.workspace.getConfiguration('esignDrafts').inspect('environments')?.workspaceValue;
  }

  async restore(api: any): Promise<void> {
    Object.assign(api.dialogs, api.windowDialogs);
    await closeAll();
    for (const file of this.scratch.splice(0)) fs.rmSync(file, { force: true });
    await vscode.workspace.getConfiguration('esignDrafts').update('environments', this.environments, vscode.ConfigurationTarget.Workspace);
  }
}
