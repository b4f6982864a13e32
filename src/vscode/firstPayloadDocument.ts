import * as vscode from 'vscode';
import { PAYLOAD_LANGUAGE } from './payloadDetection';

/**
 * Calls `callback` once, as soon as a document of the payload language is open: at once when one
 * already is, else when the first one opens (a file named like a payload, or a JSON file the
 * PayloadLanguageSwitcher switches). Until then nothing payload-specific is needed: the extension
 * also activates for plain JSON files.
 */
export function onFirstPayloadDocument(callback: () => void): vscode.Disposable {
  const isPayload = (document: vscode.TextDocument) => document.languageId === PAYLOAD_LANGUAGE;
  if (vscode.workspace.textDocuments.some(isPayload)) {
    callback();
    return new vscode.Disposable(() => undefined);
  }
  const subscription = vscode.workspace.onDidOpenTextDocument((document) => {
    if (!isPayload(document)) return;
    subscription.dispose();
    callback();
  });
  return subscription;
}
