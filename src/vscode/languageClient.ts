import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { providerById } from '../core/providers/registry';
import { FINDINGS_REQUEST, PULLED_STATE_NOTIFICATION, REFRESH_NOTIFICATION, VARIABLES_REQUEST, type FindingsParams, type FindingsResult, type InitializationOptions, type PulledStateParams, type VariablesParams, type VariablesResult } from '../server/protocol';
import { SHOW_RULE_DOCUMENTATION } from './codeActions';
import type { EnvironmentService } from './environmentService';
import { PAYLOAD_SELECTOR } from './payloadRecognizer';

/** The findings of one document version, as the server published them. */
export interface DocumentFindings {
  version: number;
  diagnostics: vscode.Diagnostic[];
}

/**
 * The client of our language server (dist/server.js, its own process over Node IPC): linting
 * never runs on the extension host's thread, and every editor gets the same verdict.
 */
export class PayloadLanguageClient implements vscode.Disposable {
  readonly client: LanguageClient;

  constructor(extensionUri: vscode.Uri, private readonly environments: EnvironmentService, log: vscode.LogOutputChannel) {
    const module = vscode.Uri.joinPath(extensionUri, 'dist', 'server.js').fsPath;
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const initializationOptions: InitializationOptions = { variables: true, showDocumentationCommand: SHOW_RULE_DOCUMENTATION };
    const clientOptions: LanguageClientOptions = {
      documentSelector: PAYLOAD_SELECTOR as LanguageClientOptions['documentSelector'],
      diagnosticCollectionName: 'esign-drafts',
      synchronize: { configurationSection: 'esignDrafts' },
      initializationOptions,
      outputChannel: log,
    };
    this.client = new LanguageClient('esignDrafts', 'E-Sign Drafts Language Server', serverOptions, clientOptions);
    // The `{{variable}}` check needs the environment a payload would be sent to: only the host knows it.
    this.client.onRequest(VARIABLES_REQUEST, (params: VariablesParams): VariablesResult => {
      const provider = providerById(params.provider);
      if (!provider) return null;
      return this.environments.forDocument(provider, { $request: { environment: params.environment } }).environment?.variables ?? {};
    });
  }

  #ready: Promise<void> | undefined;

  /**
   * Starts the server without making activation wait for it (a process start and its
   * initialize took most of our activation time); requests wait for it instead.
   */
  start(): Promise<void> {
    return (this.#ready ??= this.client.start());
  }

  /** Lint every open payload again (the environments or their variables changed). */
  refresh(): void {
    if (this.client.isRunning()) void this.client.sendNotification(REFRESH_NOTIFICATION);
  }

  /** Tells the server the state pulled for a document's target (null: none known); it lints the document again. */
  async setPulledState(uri: vscode.Uri, pulled: PulledStateParams['pulled']): Promise<void> {
    // A state pulled while the server is still starting reaches it once it has started.
    await this.start();
    const params: PulledStateParams = { uri: this.client.code2ProtocolConverter.asUri(uri), pulled };
    await this.client.sendNotification(PULLED_STATE_NOTIFICATION, params);
  }

  /**
   * The diagnostics the server reports for this very version of the document (what the send
   * gate blocks on): asked for, not recomputed, so that the gate and Problems always agree.
   */
  async findings(document: vscode.TextDocument): Promise<DocumentFindings | undefined> {
    await this.start();
    for (let attempt = 0; attempt < 5; attempt++) {
      const params: FindingsParams = { uri: this.client.code2ProtocolConverter.asUri(document.uri), version: document.version };
      const result = await this.client.sendRequest<FindingsResult>(FINDINGS_REQUEST, params);
      if (result.version === null) return undefined;
      if (result.version === document.version) {
        return { version: result.version, diagnostics: await this.client.protocol2CodeConverter.asDiagnostics(result.diagnostics) };
      }
    }
    return undefined;
  }

  dispose(): void {
    void this.client.dispose();
  }
}
