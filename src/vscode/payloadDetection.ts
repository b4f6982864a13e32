import * as vscode from 'vscode';
import { globMatcher } from '../core/glob/globMatcher';
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
  return detectProviderId(fileName, headOf(document), associations.length > 0 ? globTest(document.uri) : undefined, associations);
}

/**
 * Whether an `esignDrafts.files` glob matches a document: its path, or its path relative to a
 * workspace folder, as the language server matches them (src/server/recognition.ts). By
 * automaton (core/glob), not vscode.languages.match: VS Code's globs are RegExps too, and a glob
 * that backtracks would hold the extension host. A glob the matcher refuses matches nothing (the
 * server's log says why).
 */
function globTest(uri: vscode.Uri): (pattern: string) => boolean {
  const absolute = uri.path;
  const candidates = [absolute];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const root = folder.uri.path.replace(/\/$/, '');
    if (folder.uri.scheme === uri.scheme && absolute.startsWith(`${root}/`)) candidates.push(absolute.slice(root.length + 1));
  }
  return (pattern) => {
    try {
      const matcher = globMatcher(pattern, { dot: true });
      return candidates.some((candidate) => matcher.matches(candidate));
    } catch {
      return false;
    }
  };
}

/**
 * The beginning of a document, as far as detection reads it: asked on every change of every
 * JSON document, the whole text of a 10 MB file would cost the host tens of milliseconds each time.
 */
function headOf(document: vscode.TextDocument): string {
  return document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(SCHEMA_REFERENCE_WINDOW)));
}
