import * as vscode from 'vscode';
import type { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { providerById } from '../core/providers/registry';
import { ENVIRONMENTS_REQUEST, FINDINGS_REQUEST, PULLED_STATE_NOTIFICATION, REFRESH_NOTIFICATION, REQUEST_FIELDS_NOTIFICATION, VARIABLES_REQUEST, type EnvironmentsParams, type EnvironmentsResult, type FindingsParams, type FindingsResult, type InitializationOptions, type PulledStateParams, type RequestFieldsParams, type VariablesParams, type VariablesResult } from '../server/protocol';
import { SHOW_RULE_DOCUMENTATION } from './contributionIds';
import type { EnvironmentService } from './environmentService';
import type { PayloadRequests } from './payloadRequests';
import { PAYLOAD_SELECTOR } from './payloadRecognizer';

/** The findings of one document version, as the server published them. */
export interface DocumentFindings {
  version: number;
  diagnostics: vscode.Diagnostic[];
}

type LanguageClientLibrary = typeof import('vscode-languageclient/node');

/**
 * The client of our language server (dist/server.js, its own process over Node IPC): linting
 * never runs on the extension host's thread, and every editor gets the same verdict.
 *
 * Nothing is loaded or started at activation: the extension also activates for every JSON file
 * (package.json, tsconfig.json), where no server is needed. The client library (a fifth of the
 * extension bundle, dist/lib-languageclient.js) is required and the server started by the first
 * payload document (extension.ts) or by the first request that needs the server; every request
 * waits for it.
 */
export class PayloadLanguageClient implements vscode.Disposable {
  #client: LanguageClient | undefined;
  #ready: Promise<void> | undefined;
  #disposed = false;
  readonly #linted = new vscode.EventEmitter<{ uri: vscode.Uri; version: number }>();
  /**
   * Fires each time the server has linted a version of a document, whether or not it sent
   * diagnostics again (it does not when they are the same and still where the editor shows them).
   */
  readonly onDidLint = this.#linted.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly environments: EnvironmentService,
    private readonly requests: PayloadRequests,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The running client; undefined until the server was started. */
  get client(): LanguageClient | undefined {
    return this.#client;
  }

  /** Whether the server has been started (or is starting). */
  get started(): boolean {
    return this.#ready !== undefined;
  }

  /** Starts the server once; later calls wait for that start. */
  start(): Promise<void> {
    if (this.#disposed) return Promise.reject(new Error('the E-Sign Drafts language client was disposed'));
    return (this.#ready ??= Promise.resolve().then(() => {
      this.#client = this.create();
      return this.#client.start();
    }));
  }

  private create(): LanguageClient {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when the server is needed, not at activation
    const { LanguageClient, TransportKind } = require('vscode-languageclient/node') as LanguageClientLibrary;
    const module = vscode.Uri.joinPath(this.extensionUri, 'dist', 'server.js').fsPath;
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const initializationOptions: InitializationOptions = { variables: true, environments: true, showDocumentationCommand: SHOW_RULE_DOCUMENTATION, requestFields: true };
    const clientOptions: LanguageClientOptions = {
      documentSelector: PAYLOAD_SELECTOR as LanguageClientOptions['documentSelector'],
      diagnosticCollectionName: 'esign-drafts',
      synchronize: { configurationSection: 'esignDrafts' },
      initializationOptions,
      outputChannel: this.log,
    };
    const client = new LanguageClient('esignDrafts', 'E-Sign Drafts Language Server', serverOptions, clientOptions);
    // The `{{variable}}` check needs the environment a payload would be sent to: only the host knows it.
    client.onRequest(VARIABLES_REQUEST, (params: VariablesParams): VariablesResult => {
      const provider = providerById(params.provider);
      if (!provider) return null;
      return this.environments.forDocument(provider, { $request: { environment: params.environment } }, client.protocol2CodeConverter.asUri(params.uri)).environment?.variables ?? {};
    });
    client.onRequest(ENVIRONMENTS_REQUEST, (params: EnvironmentsParams): EnvironmentsResult => {
      const provider = providerById(params.provider);
      return provider ? this.environments.environmentsFor(provider, client.protocol2CodeConverter.asUri(params.uri)).map((e) => e.name) : null;
    });
    client.onNotification(REQUEST_FIELDS_NOTIFICATION, (params: RequestFieldsParams) => {
      const uri = client.protocol2CodeConverter.asUri(params.uri);
      this.requests.set(uri, { id: params.id, environment: params.environment });
      this.#linted.fire({ uri, version: params.version });
    });
    return client;
  }

  /** Lint every open payload again (the environments or their variables changed). A server not started yet lints afresh when it starts. */
  refresh(): void {
    if (this.#client?.isRunning()) void this.#client.sendNotification(REFRESH_NOTIFICATION);
  }

  /**
   * Tells the server that a config file was saved in the editor, as the file watcher it registered
   * would (workspace/didChangeWatchedFiles): it reads its configs again and lints every payload.
   * VS Code's watcher does not always report such a save (in a folder created moments before,
   * seen in code-server), and Problems would keep the old config's verdict.
   */
  configSaved(uri: vscode.Uri): void {
    // The method and FileChangeType.Changed (2) by value: the client library is loaded with the server, not with this module.
    if (this.#client?.isRunning()) void this.#client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: this.#client.code2ProtocolConverter.asUri(uri), type: 2 }] });
  }

  /** Tells the server the state pulled for a document's target (null: none known); it lints the document again. */
  async setPulledState(uri: vscode.Uri, pulled: PulledStateParams['pulled']): Promise<void> {
    // A state pulled while the server is still starting reaches it once it has started.
    const client = await this.running();
    const params: PulledStateParams = { uri: client.code2ProtocolConverter.asUri(uri), pulled };
    await client.sendNotification(PULLED_STATE_NOTIFICATION, params);
  }

  /**
   * The diagnostics the server reports for this very version of the document (what the send
   * gate blocks on): asked for, not recomputed, so that the gate and Problems always agree.
   */
  async findings(document: vscode.TextDocument): Promise<DocumentFindings | undefined> {
    const client = await this.running();
    for (let attempt = 0; attempt < 5; attempt++) {
      const params: FindingsParams = { uri: client.code2ProtocolConverter.asUri(document.uri), version: document.version };
      const result = await client.sendRequest<FindingsResult>(FINDINGS_REQUEST, params);
      if (result.version === null) return undefined;
      if (result.version === document.version) {
        return { version: result.version, diagnostics: await client.protocol2CodeConverter.asDiagnostics(result.diagnostics) };
      }
    }
    return undefined;
  }

  private async running(): Promise<LanguageClient> {
    await this.start();
    return this.#client!;
  }

  dispose(): void {
    this.#disposed = true;
    this.#linted.dispose();
    void this.#client?.dispose();
  }
}
