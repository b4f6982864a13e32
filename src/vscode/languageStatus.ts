import * as vscode from 'vscode';
import type { PayloadRecognizer } from './payloadRecognizer';

export const IS_PAYLOAD_CONTEXT = 'esignDrafts.isPayload';

/**
 * A language-status item ("{} E-Sign Drafts: Ignisign v3") telling which API and schema the
 * active payload file is bound to; also sets the `esignDrafts.isPayload` context key.
 */
export class PayloadLanguageStatus implements vscode.Disposable {
  private item: vscode.LanguageStatusItem | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly recognizer: PayloadRecognizer) {
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('esignDrafts') && this.update()),
      vscode.workspace.onDidSaveTextDocument((d) => d === vscode.window.activeTextEditor?.document && this.update()),
    );
    this.update();
  }

  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const provider = document ? this.recognizer.providerFor(document) : undefined;
    void vscode.commands.executeCommand('setContext', IS_PAYLOAD_CONTEXT, provider !== undefined);
    this.item?.dispose();
    this.item = undefined;
    if (!document || !provider) return;
    const item = vscode.languages.createLanguageStatusItem('esignDrafts.payload', { pattern: document.uri.fsPath || document.uri.path });
    item.name = 'E-Sign Drafts payload';
    item.text = `$(file-code) ${provider.displayName}`;
    item.detail = `${provider.callLabel} · schema ${provider.schemaFile}`;
    item.command = { command: 'esignDrafts.openSchema', title: 'Open Schema', arguments: [provider.id] };
    item.accessibilityInformation = { label: `E-Sign Drafts payload for ${provider.displayName}, ${provider.callLabel}` };
    this.item = item;
  }

  /** For tests and the status bar: the provider the item currently shows. */
  get shownText(): string | undefined {
    return this.item?.text;
  }

  dispose(): void {
    this.item?.dispose();
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}
