import * as vscode from 'vscode';
import { checkPayloadFile } from '../core/payload/readPayloadFile';

/**
 * The document for a payload named by URI (Send Update from the explorer, a code lens, Re-send).
 * An open document is used as it is; a file on disk is first checked the way the CLI reads one:
 * only a regular file (links resolved) within the size limit. VS Code would otherwise be asked to
 * open a FIFO (it waits for a writer forever) or a link to /dev/zero (it reads without end).
 */
export async function openPayloadDocument(uri: vscode.Uri): Promise<{ document: vscode.TextDocument } | { problem: string }> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return { document: open };
  if (uri.scheme === 'file') {
    const checked = checkPayloadFile(uri.fsPath, vscode.workspace.asRelativePath(uri));
    if (!checked.ok) return { problem: checked.message };
  }
  return { document: await vscode.workspace.openTextDocument(uri) };
}
