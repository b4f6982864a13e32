import * as vscode from 'vscode';
import { closeIdleConnections } from './core/send/httpClient';
import { TokenCache } from './core/send/tokenCache';
import { SHOW_RULE_DOCUMENTATION, showRuleDocumentation } from './vscode/codeActions';
import { SendCodeLensProvider } from './vscode/codeLens';
import { convertToIgnisignV4, CONVERT_TO_IGNISIGN_V4_COMMAND, type ConvertOptions } from './vscode/convertToIgnisignV4Command';
import { DRAFT_STATE_SCHEME, DraftController, type DraftCommandOptions } from './vscode/draftController';
import { clearCredentials, setCredentials, type CredentialsArgs } from './vscode/credentialsCommands';
import { EnvironmentService } from './vscode/environmentService';
import { EnvironmentStatusBar, SELECT_ENVIRONMENT_COMMAND } from './vscode/environmentStatusBar';
import { dialogs, windowDialogs } from './vscode/dialogs';
import { clearHistory, HISTORY_BODY_SCHEME, HistoryBodyProvider, showHistory } from './vscode/historyCommands';
import { HistoryStore } from './vscode/historyStore';
import { PayloadLanguageStatus } from './vscode/languageStatus';
import { onFirstPayloadDocument } from './vscode/firstPayloadDocument';
import { PayloadLanguageClient } from './vscode/languageClient';
import { NEW_PAYLOAD_COMMAND, newPayload } from './vscode/newPayloadCommand';
import { OPEN_SCHEMA_COMMAND, openSchema } from './vscode/openSchema';
import { PayloadLanguageSwitcher } from './vscode/payloadLanguage';
import { ParsedDocuments } from './vscode/parsedDocuments';
import { PAYLOAD_SELECTOR, PayloadRecognizer } from './vscode/payloadRecognizer';
import { PayloadRequests } from './vscode/payloadRequests';
import { PulledStates } from './vscode/pulledStates';
import { ResponsePanels } from './vscode/responseView/responsePanel';
import { SandboxController } from './vscode/sandboxController';
import { SecretStore } from './vscode/secretStore';
import { SendController, windowPrompts, type SendOptions } from './vscode/sendController';

/** Wires the services together; all behaviour lives in src/core (pure) and src/vscode (adapters). */
export function activate(context: vscode.ExtensionContext) {
  const log = vscode.window.createOutputChannel('E-Sign Drafts', { log: true });
  const recognizer = new PayloadRecognizer();
  const environments = new EnvironmentService(context.workspaceState, log);
  const parsed = new ParsedDocuments(recognizer);
  const requests = new PayloadRequests();
  // Every finding comes from the language server (its own process); the host only shows them.
  const languageClient = new PayloadLanguageClient(context.extensionUri, environments, requests, log);
  const switcher = new PayloadLanguageSwitcher(recognizer);
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
    openField: (uri, pointer) => void sender.openField(uri, pointer),
    curlFor: (uri) => sender.curlFor(uri),
  });
  const sender: SendController = new SendController(recognizer, parsed, findingsFor, environments, secrets, tokens, sandbox, history, panels, context.globalState, context.workspaceState, log);
  const pulledStates = new PulledStates(context.workspaceState);
  const drafts = new DraftController(sender, recognizer, parsed, requests, pulledStates, languageClient, environments, log);
  const codeLenses = new SendCodeLensProvider(recognizer, requests, environments, drafts);

  context.subscriptions.push(
    log,
    environments,
    parsed,
    requests,
    languageClient,
    switcher,
    status,
    sandbox,
    history,
    environmentBar,
    codeLenses,
    panels,
    pulledStates,
    drafts,
    // Kept-alive connections to the APIs end with the extension.
    { dispose: closeIdleConnections },
    // Variables come from the environment: a switch re-lints every open payload.
    environments.onDidChange(() => languageClient.refresh()),
    // Restricted settings (esignDrafts.files, environments) take effect once the workspace is trusted.
    vscode.workspace.onDidGrantWorkspaceTrust(() => languageClient.refresh()),
    vscode.languages.registerCodeLensProvider(PAYLOAD_SELECTOR, codeLenses),
    vscode.commands.registerCommand(NEW_PAYLOAD_COMMAND, (args?: unknown) => newPayload(context.extensionUri, isPlainObject(args) ? args : {})),
    vscode.commands.registerCommand(SHOW_RULE_DOCUMENTATION, (ruleId: unknown) => showRuleDocumentation(context.extensionUri, ruleId)),
    vscode.commands.registerCommand(OPEN_SCHEMA_COMMAND, (providerId: unknown) => openSchema(context.extensionUri, recognizer, providerId)),
    vscode.commands.registerCommand('esignDrafts.sendUpdate', (uri?: unknown, options?: unknown) => sender.send(uri instanceof vscode.Uri ? uri : undefined, isPlainObject(options) ? (options as SendOptions) : {})),
    vscode.commands.registerCommand('esignDrafts.pullState', (uri?: unknown, options?: unknown) => drafts.pull(uriArgument(uri), draftOptions(options))),
    vscode.commands.registerCommand('esignDrafts.previewChanges', (uri?: unknown, options?: unknown) => drafts.previewChanges(uriArgument(uri), draftOptions(options))),
    vscode.commands.registerCommand('esignDrafts.publish', (uri?: unknown, options?: unknown) => drafts.lifecycle('publish', uriArgument(uri), draftOptions(options))),
    vscode.commands.registerCommand('esignDrafts.reopen', (uri?: unknown, options?: unknown) => drafts.lifecycle('reopen', uriArgument(uri), draftOptions(options))),
    vscode.commands.registerCommand('esignDrafts.cancel', (uri?: unknown, options?: unknown) => drafts.lifecycle('cancel', uriArgument(uri), draftOptions(options))),
    vscode.commands.registerCommand('esignDrafts.forgetPulledStates', () => drafts.forgetStates()),
    vscode.workspace.registerTextDocumentContentProvider(DRAFT_STATE_SCHEME, drafts.stateDocuments),
    vscode.commands.registerCommand(SELECT_ENVIRONMENT_COMMAND, (providerId?: unknown) => environmentBar.select(providerId)),
    vscode.commands.registerCommand('esignDrafts.setCredentials', (args?: unknown) => setCredentials(environments, secrets, tokens, isPlainObject(args) ? (args as CredentialsArgs) : {})),
    vscode.commands.registerCommand('esignDrafts.clearCredentials', (args?: unknown) => clearCredentials(environments, secrets, tokens, isPlainObject(args) ? (args as CredentialsArgs) : {})),
    vscode.commands.registerCommand(CONVERT_TO_IGNISIGN_V4_COMMAND, (uri?: unknown, options?: unknown) => convertToIgnisignV4(recognizer, uriArgument(uri), isPlainObject(options) ? (options as ConvertOptions) : {})),
    vscode.commands.registerCommand('esignDrafts.startSandbox', () => sandbox.startCommand()),
    vscode.commands.registerCommand('esignDrafts.stopSandbox', () => sandbox.stopCommand()),
    vscode.commands.registerCommand('esignDrafts.showHistory', () => showHistory(history, sender)),
    vscode.commands.registerCommand('esignDrafts.clearHistory', () => clearHistory(history)),
    vscode.workspace.registerTextDocumentContentProvider(HISTORY_BODY_SCHEME, new HistoryBodyProvider(history)),
  );

  // The server starts with the first payload document (the extension also activates for plain
  // JSON files), and activation never waits for it; states pulled in an earlier session then
  // apply to the payloads already open.
  context.subscriptions.push(
    onFirstPayloadDocument(() =>
      languageClient
        .start()
        .then(() => drafts.syncAll())
        .catch((error: unknown) => log.error(`The E-Sign Drafts language server did not start: ${error instanceof Error ? error.message : String(error)}`)),
    ),
  );
  // Returned for integration tests (vscode.extensions.getExtension(...).exports).
  return { recognizer, parsed, requests, languageClient, findingsFor, switcher, status, environments, sandbox, sender, history, tokens, panels, environmentBar, drafts, pulledStates, log, logUri: context.logUri, dialogs, windowDialogs, windowPrompts };
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

export function deactivate() {
  // Everything is disposed through context.subscriptions.
}
