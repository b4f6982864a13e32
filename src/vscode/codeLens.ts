import * as vscode from 'vscode';
import type { EnvironmentService } from './environmentService';
import type { ParsedDocuments } from './parsedDocuments';

/** "▶ Send Update ▸ <environment>" and "Switch Environment" above the first line of a payload file. */
export class SendCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly parsed: ParsedDocuments, private readonly environments: EnvironmentService) {
    this.subscription = environments.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const payload = this.parsed.get(document);
    if (!payload) return [];
    const { requestedName } = this.environments.forDocument(payload.provider, payload.parsed.value);
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, { title: `$(play) Send Update ▸ ${requestedName}`, command: 'esignDrafts.sendUpdate', arguments: [document.uri], tooltip: `PUT this file to ${requestedName} (${payload.provider.callLabel})` }),
      new vscode.CodeLens(top, { title: '$(globe) Switch Environment', command: 'esignDrafts.selectEnvironment', arguments: [payload.provider.id] }),
    ];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
