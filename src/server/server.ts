import { BulkRegistration, CodeActionKind, DiagnosticSeverity, DidChangeWatchedFilesNotification, DocumentFormattingRequest, DocumentRangeFormattingRequest, TextDocuments, TextDocumentSyncKind, type CodeAction, type CodeActionParams, type Connection, type Diagnostic, type DidChangeWorkspaceFoldersParams, type Disposable, type DocumentFormattingParams, type DocumentRangeFormattingParams, type DocumentSymbolParams, type FoldingRangeParams, type FormattingOptions, type InitializeResult, type Range, type SelectionRangeParams, type TextDocumentContentChangeEvent, type TextDocumentPositionParams, type TextEdit } from 'vscode-languageserver';
import { pathToFileURL } from 'node:url';
import { ProjectConfigLookup } from '../core/config/configLookup';
import { effectiveLintConfig } from '../core/config/effectiveConfig';
import { CONFIG_FILE_NAME, type ConfigRead, type ProjectConfig } from '../core/config/projectConfig';
import { LOCAL_SANDBOX } from '../core/send/environments';
import { PROVIDERS } from '../core/providers/registry';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lintParsed, type LintResult } from '../core/lint/engine';
import type { Finding } from '../core/lint/types';
import type { ProviderProfile } from '../core/providers/types';
import { FIX_ALL_KIND, fixAllAction, quickFixes, wantsKind, type CodeActionOptions } from './codeActions';
import { parsePayload } from '../core/payload/parsePayload';
import { variableAt, variableHoverText } from '../core/payload/variableHover';
import { lintDocumentText, requestedEnvironment, requestFields } from './documentLint';
import { CheckedHandlers, logTo } from './checkedHandlers';
import { updateDocument } from './documentUpdate';
import { LARGE_DOCUMENT_LENGTH, LARGE_DOCUMENT_MAX_ITEMS, MAX_ITEMS_COMPUTED } from './itemLimits';
import { JsonFeatures } from './jsonFeatures';
import { checkCodeAction, checkFindings, checkFormatting, checkPosition, checkPulledState, checkRangeFormatting, checkSelectionRanges, checkTextDocument, checkWorkspaceFoldersChange, isRecord, usableVariables, type PulledState } from './messageChecks';
import { NestingGuard } from './nestingGuard';
import { ENVIRONMENTS_REQUEST, FINDINGS_REQUEST, PULLED_STATE_NOTIFICATION, REFRESH_NOTIFICATION, REQUEST_FIELDS_NOTIFICATION, VARIABLES_REQUEST, type EnvironmentsParams, type EnvironmentsResult, type FindingsParams, type FindingsResult, type InitializationOptions, type PulledStateParams, type RequestFieldsParams, type VariablesParams, type VariablesResult } from './protocol';
import { filePathOf, providerForDocument } from './recognition';
import { formatPayload } from './payloadFormat';
import { readKeepLines, readSettings, type ServerSettings } from './settings';
import { SnippetCompletions } from './snippetCompletions';
import { toDiagnostic } from './toLsp';
import { UnchangedDiagnostics } from './unchangedDiagnostics';

interface DocumentLint {
  version: number;
  provider: ProviderProfile;
  result: LintResult;
  diagnostics: Diagnostic[];
  /** Lints another text with this lint's options (Fix all checks that its result has no new error). */
  relint: (text: string) => Finding[];
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
  // esign-drafts.config.json, found from each document's folder upward (the CLI finds it the same way).
  const projectConfigs = new ProjectConfigLookup(() => workspaceFolders.map((f) => filePathOf(f)).filter((p): p is string => p !== undefined));
  /** Config files whose problems are shown (as diagnostics in the config file itself). */
  const configsWithProblems = new Set<string>();
  let watchesFiles = false;
  let pullsConfiguration = false;
  /** The client registers formatting when told (VS Code's does): it is registered only while esignDrafts.format.enable is on. */
  let registersFormatting = false;
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
    watchesFiles = isRecord(workspace.didChangeWatchedFiles) && workspace.didChangeWatchedFiles.dynamicRegistration === true;
    const textDocument = isRecord(capabilities.textDocument) ? capabilities.textDocument : {};
    const dynamic = (feature: unknown) => isRecord(feature) && feature.dynamicRegistration === true;
    registersFormatting = dynamic(textDocument.formatting) && dynamic(textDocument.rangeFormatting);
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
        // The folders bound the config lookup; a folder's esignDrafts.format.enable may want the formatter.
        projectConfigsChanged();
        updateFormattingRegistration();
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
        // Registered later, while esignDrafts.format.enable is on (updateFormattingRegistration), when the client can.
        documentFormattingProvider: !registersFormatting,
        documentRangeFormattingProvider: !registersFormatting,
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

  /** VS Code's `json.format.keepLines` for a document (false when the client has no such setting). */
  async function keepLinesFor(uri: string): Promise<boolean> {
    if (!pullsConfiguration) return readKeepLines((pushedSettings as { json?: { format?: unknown } } | undefined)?.json?.format);
    return connection.workspace.getConfiguration({ scopeUri: uri, section: 'json.format' }).then(readKeepLines, () => false);
  }

  /**
   * Whether our formatter is wanted anywhere: the user's or workspace's esignDrafts.format.enable,
   * or any workspace folder's. Where it is off for a document, the handlers answer null.
   */
  async function formattingWanted(): Promise<boolean> {
    if (!pullsConfiguration) return readSettings((pushedSettings as { esignDrafts?: unknown } | undefined)?.esignDrafts).formatEnabled;
    const items = [{ section: 'esignDrafts' }, ...workspaceFolders.map((scopeUri) => ({ scopeUri, section: 'esignDrafts' }))];
    const sections: unknown = await connection.workspace.getConfiguration(items);
    return Array.isArray(sections) ? sections.some((section) => readSettings(section).formatEnabled) : true;
  }

  /**
   * A formatter that is registered is one VS Code may pick even when it formats nothing: with a
   * second formatter (Prettier) and no editor.defaultFormatter, VS Code asks which to use, and
   * format-on-save does nothing. So with esignDrafts.format.enable off, ours is unregistered and
   * the other formatter is the only one. One change at a time, in the order asked.
   */
  let formattingRegistration: Promise<Disposable | undefined> = Promise.resolve(undefined);
  function updateFormattingRegistration(): void {
    if (!registersFormatting) return;
    formattingRegistration = formattingRegistration.then(async (current) => {
      try {
        const wanted = await formattingWanted();
        if (wanted && !current) {
          const registrations = BulkRegistration.create();
          // documentSelector null: the client's own selector (the documents it syncs with us).
          registrations.add(DocumentFormattingRequest.type, { documentSelector: null });
          registrations.add(DocumentRangeFormattingRequest.type, { documentSelector: null });
          return await connection.client.register(registrations);
        }
        if (!wanted && current) {
          current.dispose();
          return undefined;
        }
      } catch (error) {
        connection.console.error(`Registering the formatter failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      return current;
    });
  }

  /**
   * The variables `{{name}}` is checked against. For lint (`pinnedOnly`), only those of the
   * environment the file itself names in `$request.environment`, as `esign-drafts lint` checks
   * them: the environment active in one editor's status bar is not something CI can see. Hover
   * shows the value for the environment a send would use, pinned or active.
   */
  async function variablesFor(uri: string, provider: ProviderProfile, value: unknown, options: { pinnedOnly?: boolean; project?: ProjectConfig } = {}): Promise<Record<string, string> | undefined> {
    const pinned = requestedEnvironment(value);
    if (options.pinnedOnly && pinned === undefined) return undefined;
    if (!initOptions.variables) {
      // Other editors: the project config's environments (and the built-in local-sandbox), as the CLI reads them.
      if (pinned === undefined) return undefined;
      const configured = options.project?.environments.find((e) => e.provider === provider.id && e.name === pinned);
      return configured ? { ...configured.variables } : pinned === LOCAL_SANDBOX ? {} : undefined;
    }
    const params: VariablesParams = { uri, provider: provider.id, environment: pinned };
    try {
      return usableVariables(await connection.sendRequest<VariablesResult>(VARIABLES_REQUEST, params));
    } catch {
      return undefined;
    }
  }

  /**
   * The environments a payload can be sent to: the client's list when it keeps one (VS Code adds
   * the user's settings), else the built-in local-sandbox and the project config's, as the CLI.
   */
  async function environmentNamesFor(uri: string, provider: ProviderProfile, project: ProjectConfig | undefined): Promise<string[]> {
    const own = [LOCAL_SANDBOX, ...(project?.environments ?? []).filter((e) => e.provider === provider.id && e.name !== LOCAL_SANDBOX).map((e) => e.name)];
    if (!initOptions.environments) return own;
    try {
      const params: EnvironmentsParams = { uri, provider: provider.id };
      const answer: unknown = await connection.sendRequest<EnvironmentsResult>(ENVIRONMENTS_REQUEST, params);
      return Array.isArray(answer) && answer.every((n) => typeof n === 'string') ? answer : own;
    } catch {
      return own;
    }
  }

  /**
   * The project config governing a document (file: URIs only). An unusable one is shown where it
   * is: its problems as diagnostics in the config file, once per read; payloads then get the defaults.
   */
  function projectConfigOf(uri: string): ConfigRead | undefined {
    const file = filePathOf(uri);
    const read = file === undefined ? undefined : projectConfigs.forFile(file);
    if (read && !read.ok && !configsWithProblems.has(read.file)) {
      configsWithProblems.add(read.file);
      connection.console.warn(read.message);
      const diagnostics: Diagnostic[] = (read.problems.length > 0 ? read.problems : [{ message: read.message, offset: 0, length: 0 }]).map((problem) => ({
        range: read.parsed
          ? { start: read.parsed.lines.positionAt(problem.offset), end: read.parsed.lines.positionAt(problem.offset + problem.length) }
          : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: DiagnosticSeverity.Error,
        source: 'E-Sign Drafts',
        code: 'config',
        message: problem.message,
      }));
      inBackground(connection.sendDiagnostics({ uri: pathToFileURL(read.file).href, diagnostics }), `Showing the problems of ${read.file}`);
    }
    return read;
  }

  /** A config changed on disk: read the files again, clear the problems shown, lint everything again. */
  function projectConfigsChanged(): void {
    projectConfigs.invalidate();
    for (const file of configsWithProblems) inBackground(connection.sendDiagnostics({ uri: pathToFileURL(file).href, diagnostics: [] }), `Clearing the problems of ${file}`);
    configsWithProblems.clear();
    relintAll();
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
    const read = projectConfigOf(uri);
    const project = read?.ok ? read.config : undefined;
    const provider = providerForDocument(uri, text, settings, workspaceFolders, refusedGlob, project);
    if (documents.get(uri)?.version !== version) return undefined;
    if (!provider) {
      results.delete(uri);
      publish(uri, version, []);
      return undefined;
    }
    const file = filePathOf(uri);
    // The project config's rules and overrides over the personal settings, the file's "$lint" over both: as `esign-drafts lint`.
    const severitiesFor = (value: unknown) => effectiveLintConfig({ provider, providers: PROVIDERS, file, config: project, settings: settings.rules, value }).severities;
    const environments = await environmentNamesFor(uri, provider, project);
    if (documents.get(uri)?.version !== version) return undefined;
    const pulled = pulledStates.get(uri);
    let variables: Readonly<Record<string, string>> | undefined;
    const result = await lintDocumentText(text, provider, severitiesFor, async (value) => (variables = await variablesFor(uri, provider, value, { pinnedOnly: true, project })), pulled, environments);
    if (documents.get(uri)?.version !== version) return undefined;
    const relint = (other: string) => {
      const parsed = parsePayload(other);
      return lintParsed(parsed, provider, { severities: severitiesFor(parsed.value), variables, pulled, environments }).findings;
    };
    const entry: DocumentLint = { version, provider, result, diagnostics: result.findings.map(toDiagnostic), relint };
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
    updateFormattingRegistration();
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
  // The client watches the config files for the server (LSP's own file watching): any change re-reads them.
  connection.onDidChangeWatchedFiles(() => projectConfigsChanged());
  connection.onInitialized(() => {
    try {
      if (watchesFiles) inBackground(connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }] }), 'Watching esign-drafts.config.json');
      updateFormattingRegistration();
    } catch (error) {
      // The client closed the stream already: nothing to register with.
      logTo(connection, 'warn', `Registrations after initializing failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  });

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
      const fixAll = fixAllAction(document, lint.result.findings, lint.relint);
      if (fixAll) actions.push(fixAll);
    }
    return actions;
  }));

  async function providerOf(document: TextDocument): Promise<ProviderProfile | undefined> {
    const cached = results.get(document.uri);
    if (cached) return cached.provider;
    const read = projectConfigOf(document.uri);
    return providerForDocument(document.uri, document.getText(), await settingsFor(document.uri), workspaceFolders, refusedGlob, read?.ok ? read.config : undefined);
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
    if (!at) return null;
    // A {{variable}}: its value for the environment the file is sent to (where the editor can tell).
    const text = at.document.getText();
    const variable = initOptions.variables ? variableAt(text, at.document.offsetAt(params.position)) : undefined;
    if (variable) {
      const value = parsePayload(text).value;
      const variables = await variablesFor(at.document.uri, at.provider, value);
      if (variables) {
        return {
          contents: { kind: 'markdown', value: variableHoverText(variable.name, variables, requestedEnvironment(value)) },
          range: { start: at.document.positionAt(variable.offset), end: at.document.positionAt(variable.offset + variable.length) },
        };
      }
    }
    return at.json.hover(at.document, params.position, at.provider);
  }));

  /**
   * Formatting edits for a payload; null (no answer) where esignDrafts.format.enable is off, so
   * that another formatter applies (a client that cannot unregister ours still gets no edits).
   */
  async function formatting(uri: string, range: Range | undefined, options: FormattingOptions): Promise<TextEdit[] | null> {
    if (!(await settingsFor(uri)).formatEnabled) return null;
    const at = await walkable(uri, 'formatting');
    if (!at) return [];
    const { document } = at;
    const offsets = range && { offset: document.offsetAt(range.start), length: document.offsetAt(range.end) - document.offsetAt(range.start) };
    const edits = formatPayload(document.getText(), offsets, {
      tabSize: options.tabSize,
      insertSpaces: options.insertSpaces === true,
      insertFinalNewline: options.insertFinalNewline === true,
      keepLines: await keepLinesFor(uri),
    });
    return edits.map((edit) => ({ range: { start: document.positionAt(edit.offset), end: document.positionAt(edit.offset + edit.length) }, newText: edit.content }));
  }

  connection.onDocumentFormatting(checked.request('textDocument/formatting', checkFormatting, (params: DocumentFormattingParams) => formatting(params.textDocument.uri, undefined, params.options)));

  connection.onDocumentRangeFormatting(checked.request('textDocument/rangeFormatting', checkRangeFormatting, (params: DocumentRangeFormattingParams) => formatting(params.textDocument.uri, params.range, params.options)));

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
