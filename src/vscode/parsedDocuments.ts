import * as vscode from 'vscode';
import { parsePayload, type ParsedPayload } from '../core/payload/parsePayload';
import type { ProviderProfile } from '../core/providers/types';
import type { PayloadRecognizer } from './payloadRecognizer';

export interface ParsedDocument {
  provider: ProviderProfile;
  version: number;
  parsed: ParsedPayload;
}

/**
 * The parsed value of a payload document, once per version, for what the host itself needs
 * (the body to send, the code lens's environment, a field to reveal). It never lints: findings
 * are the language server's alone.
 */
export class ParsedDocuments implements vscode.Disposable {
  private readonly entries = new Map<string, ParsedDocument>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly recognizer: PayloadRecognizer) {
    this.subscription = vscode.workspace.onDidCloseTextDocument((d) => this.entries.delete(d.uri.toString()));
  }

  get(document: vscode.TextDocument): ParsedDocument | undefined {
    const key = document.uri.toString();
    const cached = this.entries.get(key);
    if (cached && cached.version === document.version) return cached;
    const provider = this.recognizer.providerFor(document);
    if (!provider) {
      this.entries.delete(key);
      return undefined;
    }
    const entry = { provider, version: document.version, parsed: parsePayload(document.getText()) };
    this.entries.set(key, entry);
    return entry;
  }

  dispose(): void {
    this.entries.clear();
    this.subscription.dispose();
  }
}
