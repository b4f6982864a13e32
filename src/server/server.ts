import { CodeActionKind, TextDocuments, TextDocumentSyncKind, type CodeAction, type Connection, type Diagnostic, type InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LintResult } from '../core/lint/engine';
import type { ProviderProfile } from '../core/providers/types';
import { FIX_ALL_KIND, fixAllAction, quickFixes, wantsKind, type CodeActionOptions } from './codeActions';
import { parsePayload } from '../core/payload/parsePayload';
import { variableAt, variableHoverText } from '../core/payload/variableHover';
import { lintDocumentText, requestedEnvironment, requestFields } from './documentLint';
import { LARGE_DOCUMENT_LENGTH, LARGE_DOCUMENT_MAX_ITEMS, MAX_ITEMS_COMPUTED } from './itemLimits';
import { JsonFeatures } from './jsonFeatures';
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
  // TextDocument's own update, with the changes noted on the way (UnchangedDiagnostics).
  const documents = new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update: (document, changes, version) => {
      unchanged.noteChanges(document.uri, changes);
      return TextDocument.update(document, changes, version);
    },
  });
  const results = new Map<string, DocumentLint>();
  const timers = new Map<string, NodeJS.Timeout>();
  const settingsCache = new Map<string, Promise<ServerSettings>>();
  const versionWaiters = new Map<string, Set<() => void>>();
  // The states the client pulled, per document: the state-aware rules judge against them.
  const pulledStates = new Map<string, NonNullable<PulledStateParams['pulled']>>();
  const snippets = new SnippetCompletions(options.snippetsDirectory);
  let workspaceFolders: string[] = [];
  let pullsConfiguration = false;
  let supportsFolderChanges = false;
  let pushedSettings: unknown = undefined;
  let initOptions: InitializationOptions = {};
  let json: JsonFeatures | undefined;
  let actionOptions: CodeActionOptions = {};
  const limitsReported = new Set<string>();

  connection.onInitialize((params): InitializeResult => {
    pullsConfiguration = params.capabilities.workspace?.configuration === true;
    supportsFolderChanges = params.capabilities.workspace?.workspaceFolders === true;
    initOptions = (params.initializationOptions ?? {}) as InitializationOptions;
    actionOptions = { showDocumentationCommand: typeof initOptions.showDocumentationCommand === 'string' ? initOptions.showDocumentationCommand : undefined };
    workspaceFolders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders = [params.rootUri];
    json = new JsonFeatures(params.capabilities, (uri, what, limit) => {
      // Said once per document and kind, in the server's log (the E-Sign Drafts output in VS Code).
      const key = `${what} ${uri}`;
      if (limitsReported.has(key)) return;
      limitsReported.add(key);
      connection.console.info(`${uri}: only the first ${limit} ${what === 'outline' ? 'outline symbols' : 'folding ranges'} are given for this document (VS Code's JSON support stops at ${MAX_ITEMS_COMPUTED}; a file over 1 MB gets ${LARGE_DOCUMENT_MAX_ITEMS}, as VS Code asks for them after every change): more would hold up the editor.`);
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
      const variables = await connection.sendRequest<VariablesResult>(VARIABLES_REQUEST, params);
      return variables ?? undefined;
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
    const provider = providerForDocument(uri, text, settings, workspaceFolders);
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

  /** The lint of the document's current version: the cached one, or a fresh one. */
  async function currentLint(document: TextDocument): Promise<DocumentLint | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const cached = results.get(document.uri);
      if (cached && cached.version === document.version) return cached;
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
        if (latest) void lintNow(latest);
      }, delay),
    );
  }

  function relintAll(): void {
    settingsCache.clear();
    results.clear();
    for (const document of documents.all()) void lintNow(document);
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
    openedVersions.set(e.document.uri, e.document.version);
    notifyVersion(e.document.uri);
    void lintNow(e.document);
  });
  documents.onDidChangeContent((e) => {
    if (openedVersions.get(e.document.uri) === e.document.version) return;
    notifyVersion(e.document.uri);
    void schedule(e.document);
  });
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    results.delete(e.document.uri);
    pulledStates.delete(e.document.uri);
    openedVersions.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    unchanged.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onDidChangeConfiguration((change) => {
    pushedSettings = change.settings;
    relintAll();
  });
  connection.onNotification(REFRESH_NOTIFICATION, () => relintAll());
  connection.onNotification(PULLED_STATE_NOTIFICATION, (params: PulledStateParams) => {
    if (params.pulled) pulledStates.set(params.uri, params.pulled);
    else pulledStates.delete(params.uri);
    // The cached lint judged another state: drop it so that a findings request lints again.
    results.delete(params.uri);
    const document = documents.get(params.uri);
    if (document) void lintNow(document);
  });
  // esignDrafts.files globs are relative to the workspace folders.
  connection.onInitialized(() => {
    if (!supportsFolderChanges) return;
    connection.workspace.onDidChangeWorkspaceFolders((change) => {
      const removed = new Set(change.removed.map((f) => f.uri));
      workspaceFolders = [...workspaceFolders.filter((f) => !removed.has(f)), ...change.added.map((f) => f.uri)];
      relintAll();
    });
  });

  connection.onRequest(FINDINGS_REQUEST, async (params: FindingsParams): Promise<FindingsResult> => {
    const document = await documentAtVersion(params.uri, params.version);
    if (!document) return { version: null, diagnostics: [] };
    const lint = await currentLint(document);
    return lint ? { version: lint.version, diagnostics: lint.diagnostics } : { version: null, diagnostics: [] };
  });

  connection.onCodeAction(async (params) => {
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
  });

  async function providerOf(document: TextDocument): Promise<ProviderProfile | undefined> {
    const cached = results.get(document.uri);
    if (cached) return cached.provider;
    return providerForDocument(document.uri, document.getText(), await settingsFor(document.uri), workspaceFolders);
  }

  connection.onCompletion(async (params) => {
    const document = documents.get(params.textDocument.uri);
    const provider = document && (await providerOf(document));
    if (!document || !provider || !json) return null;
    const list = await json.complete(document, params.position, provider);
    const templates = snippets.completionsAt(document, params.position, provider);
    if (templates.length === 0) return list;
    return { isIncomplete: list?.isIncomplete ?? false, items: [...templates, ...(list?.items ?? [])] };
  });

  connection.onHover(async (params) => {
    const document = documents.get(params.textDocument.uri);
    const provider = document && (await providerOf(document));
    if (!document || !provider || !json) return null;
    // A {{variable}}: its value for the environment the file is sent to (where the editor can tell).
    const text = document.getText();
    const variable = initOptions.variables ? variableAt(text, document.offsetAt(params.position)) : undefined;
    if (variable) {
      const value = parsePayload(text).value;
      const variables = await variablesFor(document.uri, provider, value);
      if (variables) {
        return {
          contents: { kind: 'markdown', value: variableHoverText(variable.name, variables, requestedEnvironment(value)) },
          range: { start: document.positionAt(variable.offset), end: document.positionAt(variable.offset + variable.length) },
        };
      }
    }
    return json.hover(document, params.position, provider);
  });

  connection.onDocumentFormatting(async (params) => {
    const document = documents.get(params.textDocument.uri);
    const provider = document && (await providerOf(document));
    if (!document || !provider || !json) return [];
    return json.format(document, undefined, params.options, provider);
  });

  connection.onDocumentRangeFormatting(async (params) => {
    const document = documents.get(params.textDocument.uri);
    const provider = document && (await providerOf(document));
    if (!document || !provider || !json) return [];
    return json.format(document, params.range, params.options, provider);
  });

  connection.onDocumentSymbol(async (params) => {
    const document = documents.get(params.textDocument.uri);
    const provider = document && (await providerOf(document));
    return document && provider && json ? json.symbols(document, provider) : [];
  });

  connection.onFoldingRanges(async (params) => {
    const document = documents.get(params.textDocument.uri);
    const provider = document && (await providerOf(document));
    return document && provider && json ? json.foldingRanges(document, provider) : [];
  });

  connection.onSelectionRanges(async (params) => {
    const document = documents.get(params.textDocument.uri);
    const provider = document && (await providerOf(document));
    return document && provider && json ? json.selectionRanges(document, params.positions, provider) : [];
  });

  connection.onShutdown(() => {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  });

  documents.listen(connection);
  connection.listen();
}
