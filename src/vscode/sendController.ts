import * as vscode from 'vscode';
import { sendingContextFor } from './projectConfigs';
import { nodeAtPointer } from '../core/payload/parsePayload';
import type { ProviderProfile } from '../core/providers/types';
import { toCurl } from '../core/send/curl';
import { baseUrlOf, LOCAL_SANDBOX } from '../core/send/environments';
import { prepareBody } from '../core/send/prepareBody';
import { sendUpdate } from '../core/send/sendUpdate';
import { productionSendConfirmation } from '../core/draft/confirmations';
import { failureNotification } from '../core/send/notifications';
import { replayRequestOf } from '../core/send/replay';
import type { Credentials, EnvironmentConfig, ResponseSummary, SendOutcome } from '../core/send/types';
import { providerById } from '../core/providers/registry';
import type { CallAuthority, CallPrompts, TargetIdQuestion } from './callAuthority';
import { dialogs } from './dialogs';
import type { EnvironmentService } from './environmentService';
import type { HistoryStore, StoredSend } from './historyStore';
import type { DocumentFindings } from './languageClient';
import type { ParsedDocuments } from './parsedDocuments';
import { openPayloadDocument } from './payloadDocument';
import { pendingModel, shouldRenderBody, tooLargeToDraw, type ViewCall } from './responseView/html';
import type { ResponsePanels } from './responseView/responsePanel';
import type { SandboxController } from './sandboxController';

const SET_CREDENTIALS = 'Set Credentials…';
const START_SANDBOX = 'Start Local Sandbox';

/** Options for scripted sends (tests, keybindings): skip the questions a person would answer. */
export interface SendOptions {
  /** Send even with lint errors (the "Send Anyway" answer). */
  sendAnyway?: boolean;
  /** Answer the production confirmation. */
  confirmProduction?: boolean;
  /** Cancels the send like the progress notification's Cancel button. */
  signal?: AbortSignal;
}

/**
 * The questions "Send Update" asks a person. They are real VS Code dialogs; an object so that the
 * integration tests can answer them (a test cannot click a notification from the extension host).
 */
export interface SendPrompts extends CallPrompts {
  lintGate(message: string): Thenable<'Show Problems' | 'Send Anyway' | undefined>;
  confirmProduction(message: string, detail: string): Thenable<boolean>;
}

export const windowPrompts: SendPrompts = {
  lintGate: (message) => vscode.window.showErrorMessage(message, 'Show Problems', 'Send Anyway'),
  // Through `dialogs`, so that a test can see the buttons and answer as Enter/Escape would.
  confirmProduction: (message, detail) => dialogs.confirm(productionSendConfirmation(message, detail)),
  approveOrigin: async (message, detail) => (await vscode.window.showWarningMessage(message, { modal: true, detail }, 'Allow and Remember')) === 'Allow and Remember',
  targetId: (options) => (options.suggestions.length ? pickTargetId(options) : vscode.window.showInputBox(options)),
};

/**
 * A quick pick of the suggested ids that also takes a typed id: what is typed is offered as
 * the first item once it passes the provider's id check.
 */
function pickTargetId(options: TargetIdQuestion): Promise<string | undefined> {
  return new Promise((resolve) => {
    const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { id: string }>();
    const suggested = options.suggestions.map((s) => ({ label: s.id, description: s.label, id: s.id }));
    quickPick.title = options.title;
    quickPick.placeholder = options.prompt;
    quickPick.ignoreFocusOut = true;
    quickPick.matchOnDescription = true;
    quickPick.items = suggested;
    if (options.value) quickPick.value = options.value;
    const refresh = async () => {
      const typed = quickPick.value.trim();
      if (!typed || suggested.some((s) => s.id === typed)) {
        quickPick.items = suggested;
        return;
      }
      const problem = await options.validateInput?.(typed);
      const message = typeof problem === 'string' ? problem : problem?.message;
      quickPick.items = [{ label: typed, description: message ? `$(error) ${message}` : 'the id typed', id: message ? '' : typed, alwaysShow: true }, ...suggested];
    };
    let settled = false;
    const finish = (id: string | undefined) => {
      if (settled) return;
      settled = true;
      resolve(id);
      quickPick.dispose();
    };
    quickPick.onDidChangeValue(() => void refresh());
    quickPick.onDidAccept(() => {
      const id = quickPick.selectedItems[0]?.id;
      if (id) finish(id);
    });
    quickPick.onDidHide(() => finish(undefined));
    void refresh();
    quickPick.show();
  });
}

/**
 * "Send Update": lint gate, target id, production confirmation, credentials, trust, the PUT
 * with a cancellable progress, the response view, history and the output channel. The payload
 * file is never written: what is sent is the editor's current text, prepared in memory.
 */
export class SendController {
  private readonly lastOutcome = new Map<string, SendOutcome>();
  prompts: SendPrompts = windowPrompts;
  private readonly wrote = new vscode.EventEmitter<{ provider: string; environment: string; targetId: string }>();
  /** An update reached the target (a 2xx): a state pulled before it is stale (see services.ts). */
  readonly onDidWrite = this.wrote.event;

  constructor(
    /** Who and where: document, environment, target, credentials, confirmation, trust (shared with the draft commands). */
    private readonly calls: CallAuthority,
    private readonly parsed: ParsedDocuments,
    /** The language server's findings for this version of a document: the gate blocks on exactly these. */
    private readonly findingsFor: (document: vscode.TextDocument) => Promise<DocumentFindings | undefined>,
    private readonly environments: EnvironmentService,
    private readonly sandbox: SandboxController,
    private readonly history: HistoryStore,
    private readonly panels: ResponsePanels,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  outcomeOf(documentUri: vscode.Uri): SendOutcome | undefined {
    return this.lastOutcome.get(documentUri.toString());
  }

  curlFor(documentUri: vscode.Uri): string | undefined {
    const outcome = this.outcomeOf(documentUri);
    return outcome ? toCurl(outcome.request) : undefined;
  }

  async send(target?: vscode.Uri, options: SendOptions = {}): Promise<SendOutcome | undefined> {
    const found = await this.calls.documentFor(target, 'send');
    if (!found) return undefined;
    const { document, profile, value, environment } = found;

    const count = options.sendAnyway ? 0 : await this.lintErrorCount(document);
    if (count === undefined) {
      void vscode.window.showErrorMessage(`E-Sign Drafts: ${vscode.workspace.asRelativePath(document.uri)} was not sent: the language server did not report on this version of the file (see the E-Sign Drafts output).`);
      return undefined;
    }
    if (count > 0) {
      const choice = await this.prompts.lintGate(`E-Sign Drafts: ${count} lint error(s) in ${vscode.workspace.asRelativePath(document.uri)} block sending (the API would most likely refuse the update).`);
      if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
      if (choice !== 'Send Anyway') return undefined;
    }

    const variables = environment.variables ?? {};
    let body: string;
    try {
      body = prepareBody(value, variables, sendingContextFor(document.uri));
    } catch (error) {
      void vscode.window.showErrorMessage(`E-Sign Drafts: cannot prepare the body: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    const targetId = await this.calls.targetId(document, profile, value, variables);
    if (!targetId) return undefined;

    const credentials = await this.calls.authorize(profile, environment, this.confirmation(options, `Send this update to the PRODUCTION environment "${environment.name}", ${profile.targetIdLabel} ${targetId}?`, `${profile.callLabel} on ${baseUrlOf(profile, environment)}`));
    if (!credentials) return undefined;
    return this.transmit(document.uri, profile, environment, credentials, targetId, body, options, { kind: 'update' });
  }

  /**
   * The response view for a draft call's outcome: `summary` replaces the update's summary when
   * given; `call` says what the view's main button does (a pull is pulled again, never sent).
   */
  showCallOutcome(documentUri: vscode.Uri, profile: ProviderProfile, outcome: SendOutcome, call: ViewCall, summary?: ResponseSummary): void {
    if (!summary) {
      this.showOutcome(documentUri, profile, outcome, call);
      return;
    }
    this.lastOutcome.set(documentUri.toString(), outcome);
    this.panels.show(documentUri, { call, outcome, summary, fileLabel: vscode.workspace.asRelativePath(documentUri), renderBody: shouldRenderBody(outcome.exchange) });
  }

  /**
   * Keeps a draft call (pull, publish, reopen, cancel) in Send History with its answer (masked as
   * a send's); `action` names it there.
   */
  async recordCall(documentUri: vscode.Uri, outcome: SendOutcome, action: string): Promise<void> {
    await this.history.add(documentUri, outcome, action);
  }

  /** Shows a draft call's "…" state in the response view. */
  showCallPending(documentUri: vscode.Uri, request: SendOutcome['request']): void {
    this.panels.showPending(documentUri, pendingModel(request, vscode.workspace.asRelativePath(documentUri)));
  }

  /**
   * "Replay": the exact request an earlier send made (its environment, target and body as sent),
   * whatever the file says now. Credentials, production confirmation and trust are asked as for
   * any send.
   */
  async replay(stored: StoredSend, options: SendOptions = {}): Promise<SendOutcome | undefined> {
    const replay = replayRequestOf(stored.outcome);
    if ('problem' in replay) {
      void dialogs.error(`E-Sign Drafts: ${replay.problem}`);
      return undefined;
    }
    const profile = providerById(replay.provider);
    // The environments the file's project config defined when it was sent count too.
    const scope = stored.documentUri ? vscode.Uri.parse(stored.documentUri) : undefined;
    const environment = profile && this.environments.environmentsFor(profile, scope).find((e) => e.name === replay.environment);
    if (!profile || !environment) {
      void dialogs.error(`E-Sign Drafts: cannot replay: the environment "${replay.environment}" (${replay.provider}) is no longer defined. Define it in esign-drafts.config.json "environments" or in the esignDrafts.environments setting.`);
      return undefined;
    }
    if (!vscode.workspace.isTrusted) {
      void dialogs.error('E-Sign Drafts: sending is disabled in an untrusted workspace. Trust the workspace to send.');
      return undefined;
    }
    const credentials = await this.calls.authorize(
      profile,
      environment,
      this.confirmation(
        options,
        `Replay this update to the PRODUCTION environment "${environment.name}", ${profile.targetIdLabel} ${replay.targetId}?`,
        `${profile.callLabel} on ${baseUrlOf(profile, environment)}, with the body recorded on ${new Date(stored.entry.at).toLocaleString()}`,
      ),
    );
    if (!credentials) return undefined;
    this.log.info(`${replay.label} (recorded ${stored.entry.at}, from ${stored.entry.file})`);
    return this.transmit(vscode.Uri.parse(stored.documentUri), profile, environment, credentials, replay.targetId, replay.body, options, { kind: 'replay', historyId: stored.entry.id, recordedAt: stored.entry.at });
  }

  /** "Replay Again" on a replay's view: the same history entry, replayed again. */
  async replayById(historyId: string): Promise<SendOutcome | undefined> {
    const stored = this.history.all().find((s) => s.entry.id === historyId);
    if (!stored) {
      void dialogs.error('E-Sign Drafts: that send is no longer in the history (it was cleared or pushed out), so it cannot be replayed. Nothing was sent.');
      return undefined;
    }
    return this.replay(stored);
  }

  /** The production question of a send or replay (asked only for a production environment), unless a script answered it. */
  private confirmation(options: SendOptions, question: string, detail: string): () => Thenable<boolean> {
    return () => (options.confirmProduction ? Promise.resolve(true) : this.prompts.confirmProduction(question, detail));
  }

  private async transmit(documentUri: vscode.Uri, profile: ProviderProfile, environment: EnvironmentConfig, credentials: Credentials, targetId: string, body: string, options: SendOptions, call: ViewCall): Promise<SendOutcome> {
    const url = profile.send.updateUrl(baseUrlOf(profile, environment), targetId);
    this.panels.showPending(documentUri, { ...pendingModel({ method: 'PUT', url, environment: environment.name, provider: profile.id, targetId, body }, vscode.workspace.asRelativePath(documentUri)), call });
    this.log.info(`Send Update: ${vscode.workspace.asRelativePath(documentUri)} → ${environment.name} (${profile.displayName}), ${profile.targetIdLabel} ${targetId}`);
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `E-Sign Drafts: sending to ${environment.name}…`, cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        options.signal?.addEventListener('abort', () => abort.abort());
        return sendUpdate({ ...this.calls.request(documentUri, profile, environment, credentials, targetId), body, signal: abort.signal });
      },
    );
    await this.report(documentUri, profile, outcome, call);
    if (outcome.ok) this.wrote.fire({ provider: profile.id, environment: environment.name, targetId });
    return outcome;
  }

  /**
   * The response view, history and the output channel get everything; a failure raises one
   * short notification (what failed, one sentence) with the one button that helps, if any.
   */
  private async report(documentUri: vscode.Uri, profile: ProviderProfile, outcome: SendOutcome, call: ViewCall): Promise<void> {
    // Awaited so that history holds the send by the time the command returns (replay, compare).
    await this.history.add(documentUri, outcome, call.kind === 'replay' ? 'replay' : 'update');
    const summary = this.showOutcome(documentUri, profile, outcome, call);
    if (outcome.ok) {
      this.log.info(`${outcome.status} in ${outcome.durationMs} ms`);
      return;
    }
    if (outcome.error && (outcome.error.kind !== 'http' || !outcome.exchange)) {
      this.log.error(`${outcome.error.kind}: ${outcome.error.message}${outcome.error.answer ? ` (answered ${outcome.error.answer})` : ''}${outcome.error.hint ? ` ${outcome.error.hint}` : ''}`);
    } else {
      this.log.warn(`${outcome.status} from ${environmentLabel(outcome)}: ${summary?.explanation?.meaning ?? outcome.error?.message ?? ''} ${summary?.explanation?.whatToChange ?? ''}`.trim());
    }
    const kind = outcome.error?.kind;
    const button = kind === 'auth' ? SET_CREDENTIALS : kind === 'network' && outcome.request.environment === LOCAL_SANDBOX ? START_SANDBOX : undefined;
    const message = `E-Sign Drafts: ${failureNotification(outcome, summary?.explanation?.code)}`;
    const show = outcome.exchange && kind !== 'auth' ? dialogs.warn : dialogs.error;
    void show(message, ...(button ? [button] : [])).then((choice) => {
      if (choice === START_SANDBOX) void this.sandbox.startCommand();
      if (choice === SET_CREDENTIALS) void vscode.commands.executeCommand('esignDrafts.setCredentials', { provider: profile.id, environment: outcome.request.environment });
    });
  }

  /** Shows an earlier outcome (from history) in the response view. */
  reopen(documentUri: vscode.Uri, profile: ProviderProfile | undefined, outcome: SendOutcome, call: ViewCall): void {
    this.showOutcome(documentUri, profile, outcome, call);
  }

  /** The response view for an outcome (the one cURL and Re-send then refer to); returns its summary. */
  private showOutcome(documentUri: vscode.Uri, profile: ProviderProfile | undefined, outcome: SendOutcome, call: ViewCall) {
    const exchange = outcome.exchange;
    // A body too large to draw is not parsed for its summary either (that parse alone would block the host).
    const summary = exchange && profile ? (tooLargeToDraw(exchange) ? { title: `${exchange.status >= 200 && exchange.status < 300 ? 'Updated' : `Error ${exchange.status}`} (the answer is too large to summarize here)`, fields: [], drift: [] } : profile.send.summarize(exchange)) : undefined;
    this.lastOutcome.set(documentUri.toString(), outcome);
    this.panels.show(documentUri, { call, outcome, summary, fileLabel: vscode.workspace.asRelativePath(documentUri), renderBody: shouldRenderBody(outcome.exchange) });
    return summary;
  }

  /** How many errors the language server reports for the document as it is now (what Problems and the status bar show). */
  async lintErrorCount(document: vscode.TextDocument): Promise<number | undefined> {
    try {
      const findings = await this.findingsFor(document);
      return findings?.diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    } catch (error) {
      this.log.error(`The language server did not answer: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /** Moves the cursor to a field of the payload named by a JSON Pointer (from an error explanation). */
  async openField(documentUri: vscode.Uri, pointer: string): Promise<void> {
    const opened = await openPayloadDocument(documentUri);
    if ('problem' in opened) {
      void vscode.window.showErrorMessage(`E-Sign Drafts: ${opened.problem}`);
      return;
    }
    const document = opened.document;
    const payload = this.parsed.get(document);
    const node = payload ? nodeAtPointer(payload.parsed.root, pointer) : undefined;
    const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    if (!node) {
      void vscode.window.showInformationMessage(`E-Sign Drafts: the field ${pointer} is not in the file (the API may be talking about a value set by an earlier update).`);
      return;
    }
    const start = document.positionAt(node.parent?.type === 'property' ? node.parent.offset : node.offset);
    const end = document.positionAt(node.offset + node.length);
    editor.selection = new vscode.Selection(start, end);
    editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}

function environmentLabel(outcome: SendOutcome): string {
  return `${outcome.request.environment} (${new URL(outcome.request.url).host})`;
}
