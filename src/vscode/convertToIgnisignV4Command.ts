import path = require('node:path');
import * as vscode from 'vscode';
import { ConversionError, convertIgnisignV3ToV4, v4FileNameFor } from '../core/providers/ignisignV4/convertFromV3';
import type { PayloadRecognizer } from './payloadRecognizer';


export interface ConvertOptions {
  /** What to do when the v4 file exists already: undefined asks (modal), false keeps it, true replaces it. */
  overwrite?: boolean;
}

export interface ConvertOutcome {
  target: vscode.Uri;
  written: boolean;
  changes: string[];
  leftovers: string[];
}

/**
 * "Convert to Ignisign v4…": writes `<name>.ignisign-v4.json` beside a v3 file (the text as it
 * is in the editor, saved or not) and opens it. The v3 file is never touched; an existing v4
 * file is replaced only once the user says so. What could not be carried over stays in the new
 * file, where the v4 schema and rules flag it.
 */
export async function convertToIgnisignV4(recognizer: PayloadRecognizer, uri: vscode.Uri | undefined, options: ConvertOptions = {}): Promise<ConvertOutcome | undefined> {
  const source = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!source) {
    void vscode.window.showInformationMessage('E-Sign Drafts: open an Ignisign v3 payload (*.ignisign.json) to convert it to Ignisign v4.');
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(source);
  const provider = recognizer.providerFor(document);
  if (provider?.id !== 'ignisign') {
    void vscode.window.showErrorMessage(`E-Sign Drafts: ${vscode.workspace.asRelativePath(source)} is not an Ignisign v3 payload${provider ? ` (it is ${provider.displayName})` : ''}: only *.ignisign.json files (or files whose $schema names the Ignisign v3 schema) can be converted to Ignisign v4.`);
    return undefined;
  }
  let result;
  try {
    result = convertIgnisignV3ToV4(document.getText());
  } catch (error) {
    if (!(error instanceof ConversionError)) throw error;
    void vscode.window.showErrorMessage(`E-Sign Drafts: ${error.message}`);
    return undefined;
  }
  const target = vscode.Uri.joinPath(source, '..', v4FileNameFor(path.posix.basename(source.path)));
  const outcome: ConvertOutcome = { target, written: false, changes: result.changes, leftovers: result.leftovers };
  if (await exists(target)) {
    const replace = options.overwrite ?? (await askToReplace(target));
    if (!replace) return outcome;
  }
  await vscode.workspace.fs.writeFile(target, Buffer.from(result.text, 'utf8'));
  outcome.written = true;
  await vscode.window.showTextDocument(target, { preview: false });
  const summary = result.changes.length > 0 ? result.changes.join(' ') : 'Nothing needed renaming.';
  const left = result.leftovers.length > 0 ? ` ${result.leftovers.length} thing(s) could not be carried over and are flagged in the new file: ${result.leftovers.join(' ')}` : '';
  const notes = result.notes.length > 0 ? ` Note: ${result.notes.join(' ')}` : '';
  const show = result.leftovers.length > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(`E-Sign Drafts: wrote ${vscode.workspace.asRelativePath(target)} (the v3 file is unchanged). ${summary}${left}${notes}`);
  return outcome;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function askToReplace(target: vscode.Uri): Promise<boolean> {
  const replace = 'Replace';
  const answer = await vscode.window.showWarningMessage(`E-Sign Drafts: ${vscode.workspace.asRelativePath(target)} exists already. Replace it with the conversion of the v3 file?`, { modal: true }, replace);
  return answer === replace;
}
