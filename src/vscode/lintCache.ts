import * as vscode from 'vscode';
import { lintText, type LintResult } from '../core/lint/engine';
import type { ProviderProfile } from '../core/providers/types';
import { ruleSeverities } from './configuration';
import { PayloadRecognizer } from './payloadRecognizer';

export interface DocumentLint {
  provider: ProviderProfile;
  version: number;
  result: LintResult;
}

/**
 * One lint per document version, shared by diagnostics, quick fixes and (later) the send gate,
 * so that a keystroke never costs two lints.
 */
export class LintCache implements vscode.Disposable {
  private readonly entries = new Map<string, DocumentLint>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly recognizer: PayloadRecognizer) {
    this.subscriptions.push(
      vscode.workspace.onDidCloseTextDocument((d) => this.entries.delete(d.uri.toString())),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('esignDrafts')) this.entries.clear();
      }),
    );
  }

  lint(document: vscode.TextDocument): DocumentLint | undefined {
    const key = document.uri.toString();
    const cached = this.entries.get(key);
    if (cached && cached.version === document.version) return cached;
    const provider = this.recognizer.providerFor(document);
    if (!provider) {
      this.entries.delete(key);
      return undefined;
    }
    const result = lintText(document.getText(), provider, { severities: ruleSeverities(document.uri) });
    const entry = { provider, version: document.version, result };
    this.entries.set(key, entry);
    return entry;
  }

  dispose(): void {
    this.entries.clear();
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}
