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
 * The parsed value of a payload document, once per version, for what a command needs (the body
 * to send, the update to preview, a field to reveal). Only commands parse: what is shown while a
 * file is edited comes from the language server (PayloadRequests), so that typing in a large
 * payload never parses it on the extension host. It never lints: findings are the server's alone.
 */
export class ParsedDocuments implements vscode.Disposable {
  private readonly entries = new Map<string, ParsedDocument>();
  /** How many times a document was parsed (for tests: typing must not parse). */
  parses = 0;
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
    this.parses++;
    const entry = { provider, version: document.version, parsed: parsePayload(document.getText()) };
    this.entries.set(key, entry);
    return entry;
  }

  dispose(): void {
    this.entries.clear();
    this.subscription.dispose();
  }
}
