import * as vscode from 'vscode';
import { closeIdleConnections } from '../core/send/httpClient';
import { TokenCache } from '../core/send/tokenCache';
import { showRuleDocumentation } from './codeActions';
import { SendCodeLensProvider } from './codeLens';
import { type CommandId, CONVERT_TO_IGNISIGN_V4_COMMAND, DRAFT_STATE_SCHEME, EFFECTIVE_CONFIG_SCHEME, HISTORY_BODY_SCHEME, NEW_PAYLOAD_COMMAND, OPEN_SCHEMA_COMMAND, SELECT_ENVIRONMENT_COMMAND, SHOW_RULE_DOCUMENTATION, type UriScheme } from './contributionIds';
import { convertToIgnisignV4, type ConvertOptions } from './convertToIgnisignV4Command';
import { DraftController, type DraftCommandOptions } from './draftController';
import { CallAuthority } from './callAuthority';
import { clearCredentials, setCredentials, type CredentialsArgs } from './credentialsCommands';
import { disposeProjectConfigs, isProjectConfigFile } from './projectConfigs';
import { EffectiveConfigDocuments, showEffectiveConfiguration } from './effectiveConfigCommand';
import { EnvironmentService } from './environmentService';
import { EnvironmentStatusBar } from './environmentStatusBar';
import { dialogs, windowDialogs } from './dialogs';
import { clearHistory, compareSends, HistoryBodyProvider, showHistory } from './historyCommands';
import { HistoryStore } from './historyStore';
import { PayloadLanguageStatus } from './languageStatus';
import { PayloadLanguageClient } from './languageClient';
import { newPayload } from './newPayloadCommand';
import { openSchema } from './openSchema';
import type { PayloadLanguageSwitcher } from './payloadLanguage';
import { ParsedDocuments } from './parsedDocuments';
import { PAYLOAD_SELECTOR, PayloadRecognizer } from './payloadRecognizer';
import { PayloadRequests } from './payloadRequests';
import { PulledStates } from './pulledStates';
import { ResponsePanels } from './responseView/responsePanel';
import { SandboxController } from './sandboxController';
import { SecretStore } from './secretStore';
import { SendController, windowPrompts, type SendOptions } from './sendController';

/** What the entry (src/extension.ts) hands the services: made at activation, before they exist. */
export interface EntryParts {
  switcher: PayloadLanguageSwitcher;
}

export type CommandHandler = (...args: unknown[]) => unknown;

/** Everything the extension does beyond recognising payload files, built on first need. */
export interface ExtensionServices {
  /** One handler per command the entry registered. */
  commands: Record<CommandId, CommandHandler>;
  /** The read-only documents of the extension's URI schemes (Preview Changes, history compare). */
  contentProviders: Record<UriScheme, vscode.TextDocumentContentProvider>;
  /** Starts the language server (the first payload document is open); never waits for it. */
  startLanguageServer(): void;
  /** The extension's exports, for integration tests (vscode.extensions.getExtension(...).exports). */
  api: Record<string, unknown>;
}

/**
 * Builds the services and wires them together (all behaviour lives in src/core, which is pure, and
 * in the adapters of src/vscode). This module and all it imports are a bundle of their own
 * (dist/extension-services.js), loaded by the entry on the first payload document or the first
 * command: activation itself, for any JSON file, loads only the entry.
 */
export function createServices(context: vscode.ExtensionContext, entry: EntryParts): ExtensionServices {
  const log = vscode.window.createOutputChannel('E-Sign Drafts', { log: true });
  const recognizer = new PayloadRecognizer();
  const environments = new EnvironmentService(context.workspaceState, log);
  const parsed = new ParsedDocuments(recognizer);
  const requests = new PayloadRequests();
  // Every finding comes from the language server (its own process); the host only shows them.
  const languageClient = new PayloadLanguageClient(context.extensionUri, environments, requests, log);
  const { switcher } = entry;
  const findingsFor = async (document: vscode.TextDocument) => languageClient.findings(await switcher.switchIfPayload(document));
  const status = new PayloadLanguageStatus(recognizer);
  const tokens = new TokenCache();
  const secrets = new SecretStore(context.secrets);
  const sandbox = new SandboxController(environments, log);
  const history = new HistoryStore(context.workspaceState);
  const environmentBar = new EnvironmentStatusBar(recognizer, requests, environments);
  // The view's buttons call back into the sender, which is created right after it.
  const panels: ResponsePanels = new ResponsePanels(context.extensionUri, {
    resend: (uri) => void sender.send(uri),
    pullAgain: (uri) => void drafts.pull(uri),
    replayAgain: (historyId) => void sender.replayById(historyId),
    openField: (uri, pointer) => void sender.openField(uri, pointer),
    curlFor: (uri) => sender.curlFor(uri),
  });
  // Who and where of every call (Send, Replay, the draft commands); its questions are the sender's prompts (tests answer them).
  const calls = new CallAuthority(recognizer, parsed, environments, secrets, tokens, history, context.globalState, context.workspaceState, () => sender.prompts, log);
  const sender: SendController = new SendController(calls, parsed, findingsFor, environments, sandbox, history, panels, log);
  const pulledStates = new PulledStates(context.workspaceState);
  // A send changed the target: the state pulled before it no longer says what the server has.
  const staleAfterSend = sender.onDidWrite(({ provider, environment, targetId }) => {
    void pulledStates.forget(provider, environment, targetId).then((forgot) => forgot && log.info(`The state pulled for ${targetId} in ${environment} is stale after this send: forgotten (pull again to judge against the server's state).`));
  });
  const drafts: DraftController = new DraftController(calls, sender, recognizer, parsed, requests, pulledStates, languageClient, environments, log);
  const codeLenses = new SendCodeLensProvider(recognizer, requests, environments, drafts);
  const effectiveConfigs = new EffectiveConfigDocuments(recognizer, environments, log);

  context.subscriptions.push(
    log,
    environments,
    { dispose: disposeProjectConfigs },
    staleAfterSend,
    parsed,
    requests,
    languageClient,
    status,
    sandbox,
    history,
    environmentBar,
    codeLenses,
    effectiveConfigs,
    panels,
    pulledStates,
    drafts,
    // Kept-alive connections to the APIs end with the extension.
    { dispose: closeIdleConnections },
    // Variables come from the environment: a switch re-lints every open payload.
    environments.onDidChange(() => languageClient.refresh()),
    // A config saved in the editor reaches the server even when the file watcher misses it.
    vscode.workspace.onDidSaveTextDocument((document) => isProjectConfigFile(document.uri) && languageClient.configSaved(document.uri)),
    // Restricted settings (esignDrafts.files, environments) take effect once the workspace is trusted.
    vscode.workspace.onDidGrantWorkspaceTrust(() => languageClient.refresh()),
    vscode.languages.registerCodeLensProvider(PAYLOAD_SELECTOR, codeLenses),
  );

  const commands: Record<CommandId, CommandHandler> = {
    [NEW_PAYLOAD_COMMAND]: (args) => newPayload(context.extensionUri, isPlainObject(args) ? args : {}),
    [SHOW_RULE_DOCUMENTATION]: (ruleId) => showRuleDocumentation(context.extensionUri, ruleId),
    [OPEN_SCHEMA_COMMAND]: (providerId) => openSchema(context.extensionUri, recognizer, providerId),
    'esignDrafts.sendUpdate': (uri, options) => sender.send(uri instanceof vscode.Uri ? uri : undefined, isPlainObject(options) ? (options as SendOptions) : {}),
    'esignDrafts.pullState': (uri, options) => drafts.pull(uriArgument(uri), draftOptions(options)),
    'esignDrafts.previewChanges': (uri, options) => drafts.previewChanges(uriArgument(uri), draftOptions(options)),
    'esignDrafts.publish': (uri, options) => drafts.lifecycle('publish', uriArgument(uri), draftOptions(options)),
    'esignDrafts.reopen': (uri, options) => drafts.lifecycle('reopen', uriArgument(uri), draftOptions(options)),
    'esignDrafts.cancel': (uri, options) => drafts.lifecycle('cancel', uriArgument(uri), draftOptions(options)),
    'esignDrafts.forgetPulledStates': () => drafts.forgetStates(),
    'esignDrafts.showEffectiveConfiguration': (uri) => showEffectiveConfiguration(effectiveConfigs, uriArgument(uri)),
    [SELECT_ENVIRONMENT_COMMAND]: (providerId) => environmentBar.select(providerId),
    'esignDrafts.setCredentials': (args) => setCredentials(environments, secrets, tokens, isPlainObject(args) ? (args as CredentialsArgs) : {}),
    'esignDrafts.clearCredentials': (args) => clearCredentials(environments, secrets, tokens, isPlainObject(args) ? (args as CredentialsArgs) : {}),
    [CONVERT_TO_IGNISIGN_V4_COMMAND]: (uri, options) => convertToIgnisignV4(recognizer, uriArgument(uri), isPlainObject(options) ? (options as ConvertOptions) : {}),
    'esignDrafts.startSandbox': () => sandbox.startCommand(),
    'esignDrafts.stopSandbox': () => sandbox.stopCommand(),
    'esignDrafts.showHistory': () => showHistory(history, sender),
    'esignDrafts.clearHistory': () => clearHistory(history),
  };

  return {
    commands,
    contentProviders: { [DRAFT_STATE_SCHEME]: drafts.stateDocuments, [HISTORY_BODY_SCHEME]: new HistoryBodyProvider(history), [EFFECTIVE_CONFIG_SCHEME]: effectiveConfigs },
    startLanguageServer() {
      if (languageClient.started) return;
      // States pulled in an earlier session then apply to the payloads already open.
      languageClient
        .start()
        .then(() => drafts.syncAll())
        .catch((error: unknown) => log.error(`The E-Sign Drafts language server did not start: ${error instanceof Error ? error.message : String(error)}`));
    },
    api: { calls, recognizer, parsed, requests, languageClient, findingsFor, switcher, status, environments, sandbox, sender, history, tokens, panels, environmentBar, drafts, pulledStates, log, logUri: context.logUri, dialogs, windowDialogs, windowPrompts, historyCommands: { compareSends } },
  };
}

/** A command's file argument: a Uri from VS Code's menus, a string from the language server's code actions. */
function uriArgument(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  return typeof value === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(value) ? vscode.Uri.parse(value) : undefined;
}

function draftOptions(value: unknown): DraftCommandOptions {
  return isPlainObject(value) ? (value as DraftCommandOptions) : {};
}

function isPlainObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !(value instanceof vscode.Uri);
}
