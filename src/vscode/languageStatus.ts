import * as vscode from 'vscode';
import { lifecycleActionFor } from '../core/draft/editorView';
import { DIAGNOSTIC_SOURCE } from '../server/protocol';
import type { PayloadRecognizer } from './payloadRecognizer';

export const IS_PAYLOAD_CONTEXT = 'esignDrafts.isPayload';
/** True when the active payload's API has a reopen call (package.json shows "Reopen" only then). */
export const CAN_REOPEN_CONTEXT = 'esignDrafts.canReopen';
/** The active payload's provider id ("" when none): "Convert to Ignisign v4…" is offered on Ignisign v3 files only. */
export const PROVIDER_CONTEXT = 'esignDrafts.provider';

/**
 * A language-status item ("{} Ignisign v3 · 2 errors") telling which API and schema the active
 * payload file is bound to and how many errors the language server reports for it (the very
 * diagnostics Problems shows and the send gate blocks on); also sets `esignDrafts.isPayload`.
 */
export class PayloadLanguageStatus implements vscode.Disposable {
  private item: vscode.LanguageStatusItem | undefined;
  /** What CAN_REOPEN_CONTEXT was last set to (tests: context keys cannot be read back). */
  canReopen = false;
  /** The error count the item shows (for tests: it must equal what blocks a send). */
  errors = 0;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly recognizer: PayloadRecognizer) {
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('esignDrafts') && this.update()),
      vscode.workspace.onDidSaveTextDocument((d) => d === vscode.window.activeTextEditor?.document && this.update()),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((uri) => uri.toString() === active)) this.update();
      }),
    );
    this.update();
  }

  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const provider = document ? this.recognizer.providerFor(document) : undefined;
    void vscode.commands.executeCommand('setContext', IS_PAYLOAD_CONTEXT, provider !== undefined);
    this.canReopen = provider !== undefined && lifecycleActionFor(provider, 'reopen') !== undefined;
    void vscode.commands.executeCommand('setContext', CAN_REOPEN_CONTEXT, this.canReopen);
    void vscode.commands.executeCommand('setContext', PROVIDER_CONTEXT, provider?.id ?? '');
    this.item?.dispose();
    this.item = undefined;
    this.errors = 0;
    if (!document || !provider) return;
    const item = vscode.languages.createLanguageStatusItem('esignDrafts.payload', { pattern: document.uri.fsPath || document.uri.path });
    item.name = 'E-Sign Drafts payload';
    const errors = errorCount(document.uri);
    this.errors = errors;
    item.text = errors > 0 ? `$(file-code) ${provider.displayName} · ${errors} error${errors === 1 ? '' : 's'}` : `$(file-code) ${provider.displayName}`;
    item.detail = `${provider.callLabel} · schema ${provider.schemaFile}${errors > 0 ? ' · sending is blocked until the errors are fixed' : ''}`;
    item.severity = errors > 0 ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
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

/** Errors our language server reports for a document: the same list as Problems. */
function errorCount(uri: vscode.Uri): number {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE && d.severity === vscode.DiagnosticSeverity.Error).length;
}
