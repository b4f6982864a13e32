import * as vscode from 'vscode';
import { detectProviderId, SCHEMA_REFERENCE_WINDOW } from '../core/providers/detection';
import { fileAssociations } from './configuration';

/** The language of payload files: VS Code's JSON service never sees them (it would report its own diagnostics). */
export const PAYLOAD_LANGUAGE = 'esign-payload';

export const PAYLOAD_SELECTOR: vscode.DocumentSelector = [{ language: PAYLOAD_LANGUAGE }];

const RECOGNISED_LANGUAGES = new Set(['json', 'jsonc', PAYLOAD_LANGUAGE]);

/**
 * The id of the API an open document is a payload of, or undefined. From the providers'
 * identities only (core/providers/detection.ts): it runs for every JSON document opened, before
 * anything else of the extension is loaded. PayloadRecognizer gives the profile.
 */
export function payloadProviderId(document: vscode.TextDocument): string | undefined {
  if (!RECOGNISED_LANGUAGES.has(document.languageId)) return undefined;
  const associations = fileAssociations(document.uri);
  // An untitled payload buffer has no .json name: its language says what it is.
  const name = document.fileName || document.uri.path;
  const fileName = document.languageId === PAYLOAD_LANGUAGE && !/\.jsonc?$/i.test(name) ? `${name}.json` : name;
  return detectProviderId(fileName, headOf(document), (pattern) => vscode.languages.match({ pattern }, document) > 0, associations);
}

/**
 * The beginning of a document, as far as detection reads it: asked on every change of every
 * JSON document, the whole text of a 10 MB file would cost the host tens of milliseconds each time.
 */
function headOf(document: vscode.TextDocument): string {
  return document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(SCHEMA_REFERENCE_WINDOW)));
}
