import * as vscode from 'vscode';
import { PAYLOAD_LANGUAGE, payloadProviderId } from './payloadDetection';

/**
 * Switches JSON documents that are payloads (by `$schema` or an `esignDrafts.files` glob; names
 * like `*.ignisign.json` get the language from package.json) to the `esign-payload` language.
 * Only then is our language server their one source of diagnostics: VS Code's JSON service
 * validates every `json`/`jsonc` document and would report syntax problems a second time, in
 * words of its own (the precedent: Azure Resource Manager Tools' `arm-template` language).
 */
export class PayloadLanguageSwitcher implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => void this.switchIfPayload(d)),
      vscode.workspace.onDidChangeTextDocument((e) => void this.switchIfPayload(e.document)),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('esignDrafts.files') && this.switchAll()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.switchAll()),
    );
    this.switchAll();
  }

  switchAll(): void {
    for (const document of vscode.workspace.textDocuments) void this.switchIfPayload(document);
  }

  async switchIfPayload(document: vscode.TextDocument): Promise<vscode.TextDocument> {
    if (document.languageId !== 'json' && document.languageId !== 'jsonc') return document;
    if (payloadProviderId(document) === undefined) return document;
    return vscode.languages.setTextDocumentLanguage(document, PAYLOAD_LANGUAGE);
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}
