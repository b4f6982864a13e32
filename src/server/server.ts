import { CodeActionKind, TextDocuments, TextDocumentSyncKind, type CodeAction, type CodeActionParams, type Connection, type Diagnostic, type DidChangeWorkspaceFoldersParams, type DocumentFormattingParams, type DocumentRangeFormattingParams, type DocumentSymbolParams, type FoldingRangeParams, type InitializeResult, type SelectionRangeParams, type TextDocumentContentChangeEvent, type TextDocumentPositionParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LintResult } from '../core/lint/engine';
import type { ProviderProfile } from '../core/providers/types';
import { FIX_ALL_KIND, fixAllAction, quickFixes, wantsKind, type CodeActionOptions } from './codeActions';
import { lintDocumentText, requestedEnvironment, requestFields } from './documentLint';
import { CheckedHandlers, logTo } from './checkedHandlers';
import { updateDocument } from './documentUpdate';
import { LARGE_DOCUMENT_LENGTH, LARGE_DOCUMENT_MAX_ITEMS, MAX_ITEMS_COMPUTED } from './itemLimits';
import { JsonFeatures } from './jsonFeatures';
import { checkCodeAction, checkFindings, checkFormatting, checkPosition, checkPulledState, checkRangeFormatting, checkSelectionRanges, checkTextDocument, checkWorkspaceFoldersChange, isRecord, usableVariables, type PulledState } from './messageChecks';
import { NestingGuard } from './nestingGuard';
import { FINDINGS_REQUEST, PULLED_STATE_NOTIFICATION, REFRESH_NOTIFICATION, REQUEST_FIELDS_NOTIFICATION, VARIABLES_REQUEST, type FindingsParams, type FindingsResult, type InitializationOptions, type PulledStateParams, type RequestFieldsParams, type VariablesParams, type VariablesResult } from './protocol';
import { providerForDocument } from './recognition';
import { readSettings, type ServerSettings } from './settings';
import { SnippetCompletions } from './snippetCompletions';
import { toDiagnostic } from './toLsp';
import { UnchangedDiagnostics } from './unchangedDiagnostics';

interface DocumentLint {
  version: number;
  provider: ProviderProfile;
  result: LintResult;
  diagnostics: Diagnostic[];
}

export interface ServerOptions {
  /** The shipped snippets/ folder (whole-payload templates); none: no template completions. */
  snippetsDirectory?: string;
}

/** How long a findings request waits for the client's version of a document to arrive. */
const VERSION_WAIT_MS = 5000;

/**
 * The E-Sign Drafts language server: the one place payload files are linted for an editor.
 * Diagnostics (pushed, debounced), quick fixes and "fix all" come from the lint engine;
 * completion, hover and formatting from our schemas. It knows no provider by name: everything
 * comes from the providers registry.
 */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const unchanged = new UnchangedDiagnostics();
  // TextDocument's own update (each range brought inside the document first: updateDocument), with
  // the changes noted on the way (UnchangedDiagnostics).
  const documents = new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update: (document, changes, version) => {
      const applied: TextDocumentContentChangeEvent[] = [];
      const updated = updateDocument(document, changes, version, (change) => applied.push(change));
      unchanged.noteChanges(document.uri, applied);
      return updated;
    },
  });
  const results = new Map<string, DocumentLint>();
  const timers = new Map<string, NodeJS.Timeout>();
  const settingsCache = new Map<string, Promise<ServerSettings>>();
  const versionWaiters = new Map<string, Set<() => void>>();
  // The states the client pulled, per document: the state-aware rules judge against them.
  const pulledStates = new Map<string, PulledState>();
  const snippets = new SnippetCompletions(options.snippetsDirectory);
  let workspaceFolders: string[] = [];
  let pullsConfiguration = false;
  let pushedSettings: unknown = undefined;
  let initOptions: InitializationOptions = {};
  let json: JsonFeatures | undefined;
  let actionOptions: CodeActionOptions = {};
  const limitsReported = new Set<string>();
  const checked = new CheckedHandlers(connection);
  const nesting = new NestingGuard((message) => logTo(connection, 'info', message));

  /**
   * Runs work nobody waits on (a lint after a notification): a failure is said in the log. Left
   * to itself, a rejected promise would end the process (Node's default for unhandled rejections).
   */
  function inBackground(work: Promise<unknown>, what: string): void {
    work.catch((error: unknown) => logTo(connection, 'error', `${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
  }

  connection.onInitialize((params): InitializeResult => {
    // Whatever a client sends is read with care: a missing or odd field means "not supported".
    const capabilities = (isRecord(params.capabilities) ? params.capabilities : {}) as typeof params.capabilities;
    const workspace = isRecord(capabilities.workspace) ? capabilities.workspace : {};
    pullsConfiguration = workspace.configuration === true;
    initOptions = isRecord(params.initializationOptions) ? (params.initializationOptions as InitializationOptions) : {};
    actionOptions = { showDocumentationCommand: typeof initOptions.showDocumentationCommand === 'string' ? initOptions.showDocumentationCommand : undefined };
    workspaceFolders = (Array.isArray(params.workspaceFolders) ? params.workspaceFolders : []).map((f: unknown) => (isRecord(f) ? f.uri : undefined)).filter((uri): uri is string => typeof uri === 'string');
    if (workspaceFolders.length === 0 && typeof params.rootUri === 'string') workspaceFolders = [params.rootUri];
    // esignDrafts.files globs are relative to the workspace folders. Handled here rather than through
    // connection.workspace.onDidChangeWorkspaceFolders, whose own handler (registered just before
    // this one runs, so replaced by it) read params.event before anything could check it. Not in
    // onInitialized: registering then throws when the client has already closed the stream.
    connection.onNotification(
      'workspace/didChangeWorkspaceFolders',
      checked.notification('workspace/didChangeWorkspaceFolders', checkWorkspaceFoldersChange, (change: DidChangeWorkspaceFoldersParams) => {
        const removed = new Set(change.event.removed.map((f) => f.uri));
        workspaceFolders = [...workspaceFolders.filter((f) => !removed.has(f)), ...change.event.added.map((f) => f.uri)];
        relintAll();
      }),
    );
    json = new JsonFeatures(capabilities, (uri, what, limit) => {
      // Said once per document and kind, in the server's log (the E-Sign Drafts output in VS Code).
      const key = `${what} ${uri}`;
      if (limitsReported.has(key)) return;
      limitsReported.add(key);
      logTo(connection, 'info', `${uri}: only the first ${limit} ${what === 'outline' ? 'outline symbols' : 'folding ranges'} are given for this document (VS Code's JSON support stops at ${MAX_ITEMS_COMPUTED}; a file over 1 MB gets ${LARGE_DOCUMENT_MAX_ITEMS}, as VS Code asks for them after every change): more would hold up the editor.`);
    });
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        completionProvider: { triggerCharacters: ['"', ':', ' '] },
        hoverProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'esign-drafts' },
    };
  });

  const refusedGlobs = new Set<string>();
  /** An esignDrafts.files glob the matcher refuses: said once in the log; it matches nothing. */
  function refusedGlob(pattern: string, problem: string): void {
    if (refusedGlobs.has(pattern)) return;
    // Bounded, whatever a client keeps sending: at worst a glob is said again.
    if (refusedGlobs.size >= 100) refusedGlobs.clear();
    refusedGlobs.add(pattern);
    logTo(connection, 'warn', `esignDrafts.files: the glob ${JSON.stringify(pattern.length > 80 ? `${pattern.slice(0, 60)}…` : pattern)} ${problem}; it matches no file.`);
  }

  function settingsFor(uri: string): Promise<ServerSettings> {
    let settings = settingsCache.get(uri);
    if (!settings) {
      settings = pullsConfiguration
        ? connection.workspace.getConfiguration({ scopeUri: uri, section: 'esignDrafts' }).then(readSettings, () => readSettings(undefined))
        : Promise.resolve(readSettings((pushedSettings as { esignDrafts?: unknown } | undefined)?.esignDrafts));
      settingsCache.set(uri, settings);
    }
    return settings;
  }

  async function variablesFor(uri: string, provider: ProviderProfile, value: unknown): Promise<Record<string, string> | undefined> {
    if (!initOptions.variables) return undefined;
    const params: VariablesParams = { uri, provider: provider.id, environment: requestedEnvironment(value) };
    try {
      return usableVariables(await connection.sendRequest<VariablesResult>(VARIABLES_REQUEST, params));
    } catch {
      return undefined;
    }
  }

  /** Sends a version's diagnostics, unless the editor shows exactly these already (UnchangedDiagnostics). */
  function publish(uri: string, version: number, diagnostics: Diagnostic[]): void {
    if (unchanged.shouldSend(uri, diagnostics)) void connection.sendDiagnostics({ uri, version, diagnostics });
  }

  /** Lints the document as it is now and publishes; undefined when it is no payload or changed meanwhile. */
  async function lintNow(document: TextDocument): Promise<DocumentLint | undefined> {
    const { uri, version } = document;
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    const settings = await settingsFor(uri);
    const text = document.getText();
    const provider = providerForDocument(uri, text, settings, workspaceFolders, refusedGlob);
    if (documents.get(uri)?.version !== version) return undefined;
    if (!provider) {
      results.delete(uri);
      publish(uri, version, []);
      return undefined;
    }
    const result = await lintDocumentText(text, provider, settings.rules, (value) => variablesFor(uri, provider, value), pulledStates.get(uri));
    if (documents.get(uri)?.version !== version) return undefined;
    const entry: DocumentLint = { version, provider, result, diagnostics: result.findings.map(toDiagnostic) };
    results.set(uri, entry);
    publish(uri, version, entry.diagnostics);
    if (initOptions.requestFields) {
      const params: RequestFieldsParams = { uri, version, ...requestFields(result.parsed.value) };
      void connection.sendNotification(REQUEST_FIELDS_NOTIFICATION, params);
    }
    return entry;
  }

  /**
   * Whether a lint is of the document as it is now: its version and its very text. A client may
   * send a version twice (a bad one, or a didOpen again); the text is most often the same string,
   * compared at once, and otherwise of another length.
   */
  function isLintOf(lint: DocumentLint, document: TextDocument): boolean {
    return lint.version === document.version && lint.result.parsed.text === document.getText();
  }

  /** The lint of the document's current version: the cached one, or a fresh one. */
  async function currentLint(document: TextDocument): Promise<DocumentLint | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const cached = results.get(document.uri);
      if (cached && isLintOf(cached, document)) return cached;
      const fresh = await lintNow(document);
      if (fresh) return fresh;
      const latest = documents.get(document.uri);
      if (!latest || latest.version === document.version) return undefined;
      document = latest;
    }
    return undefined;
  }

  async function schedule(document: TextDocument): Promise<void> {
    const settings = await settingsFor(document.uri);
    clearTimeout(timers.get(document.uri));
    const delay = document.getText().length > LARGE_DOCUMENT_LENGTH ? settings.lintDelayMs * 4 : settings.lintDelayMs;
    timers.set(
      document.uri,
      setTimeout(() => {
        const latest = documents.get(document.uri);
        if (latest) inBackground(lintNow(latest), `Linting ${latest.uri}`);
      }, delay),
    );
  }

  function relintAll(): void {
    settingsCache.clear();
    results.clear();
    for (const document of documents.all()) inBackground(lintNow(document), `Linting ${document.uri}`);
  }

  function notifyVersion(uri: string): void {
    for (const resolve of versionWaiters.get(uri) ?? []) resolve();
  }

  async function documentAtVersion(uri: string, version: number): Promise<TextDocument | undefined> {
    const deadline = Date.now() + VERSION_WAIT_MS;
    for (;;) {
      const document = documents.get(uri);
      if (document && document.version >= version) return document;
      const remaining = deadline - Date.now();
      if (remaining <= 0) return document;
      await new Promise<void>((resolve) => {
        const waiters = versionWaiters.get(uri) ?? new Set();
        versionWaiters.set(uri, waiters);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, remaining);
        waiters.add(done);
      });
    }
  }

  // TextDocuments reports an opened document as changed too: the version linted on open is not linted again.
  const openedVersions = new Map<string, number>();
  documents.onDidOpen((e) => {
    // A document opened again without a close (or reopened at the version it had) is new text:
    // what was kept by uri and version describes the old one (found by npm run fuzz).
    results.delete(e.document.uri);
    nesting.forget(e.document.uri);
    openedVersions.set(e.document.uri, e.document.version);
    notifyVersion(e.document.uri);
    inBackground(lintNow(e.document), `Linting ${e.document.uri}`);
  });
  documents.onDidChangeContent((e) => {
    if (openedVersions.get(e.document.uri) === e.document.version) {
      // Skipped once only: a client may send a change with the version it opened at.
      openedVersions.delete(e.document.uri);
      return;
    }
    notifyVersion(e.document.uri);
    inBackground(schedule(e.document), `Linting ${e.document.uri}`);
  });
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    results.delete(e.document.uri);
    pulledStates.delete(e.document.uri);
    openedVersions.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    unchanged.forget(e.document.uri);
    nesting.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onDidChangeConfiguration((change) => {
    // Any value is taken: readSettings keeps only what it recognises.
    pushedSettings = isRecord(change) ? change.settings : undefined;
    relintAll();
  });
  connection.onNotification(REFRESH_NOTIFICATION, () => relintAll());
  connection.onNotification(PULLED_STATE_NOTIFICATION, checked.notification(PULLED_STATE_NOTIFICATION, checkPulledState, (params: PulledStateParams) => {
    if (params.pulled) pulledStates.set(params.uri, params.pulled);
    else pulledStates.delete(params.uri);
    // The cached lint judged another state: drop it so that a findings request lints again.
    results.delete(params.uri);
    const document = documents.get(params.uri);
    if (document) inBackground(lintNow(document), `Linting ${document.uri}`);
  }));
  connection.onRequest(FINDINGS_REQUEST, checked.request(FINDINGS_REQUEST, checkFindings, async (params: FindingsParams): Promise<FindingsResult> => {
    const document = await documentAtVersion(params.uri, params.version);
    if (!document) return { version: null, diagnostics: [] };
    const lint = await currentLint(document);
    return lint ? { version: lint.version, diagnostics: lint.diagnostics } : { version: null, diagnostics: [] };
  }));

  connection.onCodeAction(checked.request('textDocument/codeAction', checkCodeAction, async (params: CodeActionParams) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const lint = await currentLint(document);
    if (!lint) return [];
    const only = params.context.only;
    const actions: CodeAction[] = [];
    if (!only || wantsKind(only, CodeActionKind.QuickFix)) {
      actions.push(...quickFixes(document, lint.result.findings, params.range, params.context.diagnostics, actionOptions));
    }
    if (wantsKind(only, FIX_ALL_KIND)) {
      const fixAll = fixAllAction(document, lint.result.findings);
      if (fixAll) actions.push(fixAll);
    }
    return actions;
  }));

  async function providerOf(document: TextDocument): Promise<ProviderProfile | undefined> {
    const cached = results.get(document.uri);
    if (cached) return cached.provider;
    return providerForDocument(document.uri, document.getText(), await settingsFor(document.uri), workspaceFolders, refusedGlob);
  }

  /**
   * The document, its provider and the JSON features for a request that walks the document's
   * tree; undefined when it is no payload, or nests too deep to be walked (NestingGuard).
   */
  async function walkable(uri: string, request: string): Promise<{ document: TextDocument; provider: ProviderProfile; json: JsonFeatures } | undefined> {
    const document = documents.get(uri);
    const provider = document && (await providerOf(document));
    if (!document || !provider || !json) return undefined;
    const lint = results.get(uri);
    const parsed = lint && isLintOf(lint, document) ? lint.result.parsed : undefined;
    // The lint's parse knows the depth when it parsed (a value) or refused (tooDeep); a file it did not parse is scanned.
    if (nesting.refuses(document, request, parsed && (parsed.tooDeep !== undefined || parsed.value !== undefined) ? parsed : undefined)) return undefined;
    return { document, provider, json };
  }

  connection.onCompletion(checked.request('textDocument/completion', checkPosition, async (params: TextDocumentPositionParams) => {
    const at = await walkable(params.textDocument.uri, 'completion');
    if (!at) return null;
    const list = await at.json.complete(at.document, params.position, at.provider);
    const templates = snippets.completionsAt(at.document, params.position, at.provider);
    if (templates.length === 0) return list;
    return { isIncomplete: list?.isIncomplete ?? false, items: [...templates, ...(list?.items ?? [])] };
  }));

  connection.onHover(checked.request('textDocument/hover', checkPosition, async (params: TextDocumentPositionParams) => {
    const at = await walkable(params.textDocument.uri, 'hover');
    return at ? at.json.hover(at.document, params.position, at.provider) : null;
  }));

  connection.onDocumentFormatting(checked.request('textDocument/formatting', checkFormatting, async (params: DocumentFormattingParams) => {
    const at = await walkable(params.textDocument.uri, 'formatting');
    return at ? at.json.format(at.document, undefined, params.options, at.provider) : [];
  }));

  connection.onDocumentRangeFormatting(checked.request('textDocument/rangeFormatting', checkRangeFormatting, async (params: DocumentRangeFormattingParams) => {
    const at = await walkable(params.textDocument.uri, 'formatting');
    return at ? at.json.format(at.document, params.range, params.options, at.provider) : [];
  }));

  connection.onDocumentSymbol(checked.request('textDocument/documentSymbol', checkTextDocument, async (params: DocumentSymbolParams) => {
    const at = await walkable(params.textDocument.uri, 'outline');
    return at ? at.json.symbols(at.document, at.provider) : [];
  }));

  connection.onFoldingRanges(checked.request('textDocument/foldingRange', checkTextDocument, async (params: FoldingRangeParams) => {
    const at = await walkable(params.textDocument.uri, 'folding ranges');
    return at ? at.json.foldingRanges(at.document, at.provider) : [];
  }));

  connection.onSelectionRanges(checked.request('textDocument/selectionRange', checkSelectionRanges, async (params: SelectionRangeParams) => {
    const at = await walkable(params.textDocument.uri, 'selection ranges');
    return at ? at.json.selectionRanges(at.document, params.positions, at.provider) : [];
  }));

  connection.onShutdown(() => {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  });

  documents.listen(checked.documentEvents());
  connection.listen();
}
