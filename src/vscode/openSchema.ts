import * as vscode from 'vscode';
import { payloadFileNames, providerById } from '../core/providers/registry';
import type { PayloadRecognizer } from './payloadRecognizer';


/** Opens the update schema of a provider (by id), or of the active payload file. */
export async function openSchema(extensionUri: vscode.Uri, recognizer: PayloadRecognizer, providerId: unknown): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  const provider = typeof providerId === 'string' ? providerById(providerId) : document && recognizer.providerFor(document);
  if (!provider) {
    void vscode.window.showInformationMessage(`E-Sign Drafts: open a payload file (${payloadFileNames()}) to see its schema.`);
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.joinPath(extensionUri, 'schemas', provider.schemaFile), { preview: true });
}
