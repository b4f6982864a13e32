import * as vscode from 'vscode';
import { fileProblemResult, lintParsed, type LintResult } from '../core/lint/engine';
import { inspectPayloadText } from '../core/payload/fileGuard';
import { parsePayload } from '../core/payload/parsePayload';
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

  /**
   * @param variablesFor the variables of the environment a document would be sent to (its
   *   `$request.environment` or the active one); undefined skips the unresolved-variable check.
   */
  constructor(
    private readonly recognizer: PayloadRecognizer,
    private readonly variablesFor: (provider: ProviderProfile, value: unknown) => Record<string, string> | undefined = () => undefined,
  ) {
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
    const text = document.getText();
    // A binary, non-UTF-8 or huge file opened by mistake gets one clear `file` finding, and is
    // never parsed: a full lint of it on every keystroke would only freeze the editor.
    const guard = inspectPayloadText(text);
    let result: LintResult;
    if (guard.ok) {
      const parsed = parsePayload(text);
      result = lintParsed(parsed, provider, { severities: ruleSeverities(document.uri), variables: this.variablesFor(provider, parsed.value) });
    } else {
      result = fileProblemResult(text, guard.message, ruleSeverities(document.uri));
    }
    const entry = { provider, version: document.version, result };
    this.entries.set(key, entry);
    return entry;
  }

  /** Forget every result (the environments or their variables changed). */
  invalidate(): void {
    this.entries.clear();
  }

  dispose(): void {
    this.entries.clear();
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}
