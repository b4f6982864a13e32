import * as vscode from 'vscode';
import { pullLensTitle } from '../core/draft/editorView';
import type { PulledState } from '../core/draft/types';
import type { EnvironmentService } from './environmentService';
import type { PayloadRecognizer } from './payloadRecognizer';
import type { PayloadRequests } from './payloadRequests';

/** What the lenses need to know about pulled states (DraftController). */
export interface PulledStateLookup {
  knownState(document: vscode.TextDocument): { environmentName: string; pulled?: PulledState } | undefined;
  readonly onDidChange: vscode.Event<void>;
}

/**
 * "▶ Send Update ▸ <environment>", "Switch Environment" and, for a provider with draft calls,
 * "Pull Draft State" (or "State pulled HH:MM from <env> ↻" once pulled) above the first line.
 * VS Code asks for them after every change: they read the file's `$request` as the language
 * server last linted it (PayloadRequests) and never parse the document.
 */
export class SendCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly recognizer: PayloadRecognizer,
    private readonly requests: PayloadRequests,
    private readonly environments: EnvironmentService,
    private readonly states?: PulledStateLookup,
  ) {
    this.subscription = vscode.Disposable.from(
      environments.onDidChange(() => this.changed.fire()),
      requests.onDidChange(() => this.changed.fire()),
      ...(states ? [states.onDidChange(() => this.changed.fire())] : []),
    );
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const provider = this.recognizer.providerFor(document);
    if (!provider) return [];
    const { requestedName } = this.environments.forDocument(provider, this.requests.valueOf(document), document.uri);
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = [new vscode.CodeLens(top, { title: `$(play) Send Update ▸ ${requestedName}`, command: 'esignDrafts.sendUpdate', arguments: [document.uri], tooltip: `PUT this file to ${requestedName} (${provider.callLabel})` })];
    const known = this.states?.knownState(document);
    if (known) {
      const tooltip = known.pulled ? `Pull the state again from ${known.environmentName} (pulled ${known.pulled.pulledAt}); the lint judges the state after this update` : `GET the target's current state from ${requestedName}; the lint then judges the state after this update`;
      lenses.push(new vscode.CodeLens(top, { title: pullLensTitle(known.pulled), command: 'esignDrafts.pullState', arguments: [document.uri], tooltip }));
      lenses.push(new vscode.CodeLens(top, { title: '$(diff) Preview Changes', command: 'esignDrafts.previewChanges', arguments: [document.uri] }));
    }
    lenses.push(new vscode.CodeLens(top, { title: '$(globe) Switch Environment', command: 'esignDrafts.selectEnvironment', arguments: [provider.id] }));
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
