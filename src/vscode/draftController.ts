import { requestMetadata } from '../core/send/prepareBody';
import * as vscode from 'vscode';
import { DRAFT_STATE_SCHEME } from './contributionIds';
import { lifecycleConfirmation, productionPullConfirmation, type Confirmation } from '../core/draft/confirmations';
import { changesOf, publishGate, pullState, runLifecycle, type DraftRequest } from '../core/draft/draftCalls';
import { lifecycleActionFor, lifecyclePastTense, lifecycleSummary, lifecycleVerb, previewTitle, pulledTime, stableJson, stateSummary, unsentChangesMessage, updateNotAppliedMessage, type LifecycleCommand } from '../core/draft/editorView';
import type { Change, PulledState } from '../core/draft/types';
import type { Finding } from '../core/lint/types';
import type { LifecycleAction } from '../core/providers/draftProfile';
import type { ProviderProfile } from '../core/providers/types';
import { CANCELLATION_TYPES } from '../core/providers/zigned/draft';
import { prepareBody } from '../core/send/prepareBody';
import type { EnvironmentConfig, SendOutcome } from '../core/send/types';
import { effectiveLintConfigFor, sendingContextFor } from './projectConfigs';
import { dialogs } from './dialogs';
import type { PayloadLanguageClient } from './languageClient';
import type { ParsedDocuments } from './parsedDocuments';
import type { PayloadRecognizer } from './payloadRecognizer';
import type { PayloadRequests } from './payloadRequests';
import type { PulledStates } from './pulledStates';
import type { CallAuthority } from './callAuthority';
import type { SendController } from './sendController';

const LIFECYCLE_DOCS = 'docs/draft-lifecycle.md';

/** Scripted answers (tests, keybindings); a person is asked otherwise. */
export interface DraftCommandOptions {
  /**
   * Answers the confirmation: Publish / Finalise / Reopen / Cancel ask it in every environment,
   * a pull only from production. Absent: a person is asked (the safe answer is the default).
   */
  confirm?: boolean;
  /** Zigned's cancel input ({ cancellation_type, reason? }); asked for when absent. */
  input?: unknown;
}

/** What a lifecycle command did: the outcome of its POST, or why nothing was posted. */
export interface LifecycleResult {
  outcome?: SendOutcome;
  refused?: 'unsent-changes' | 'update-not-applied' | 'not-ready' | 'not-supported' | 'cancelled' | 'pull-failed' | 'send-failed';
  changes?: Change[];
  blocking?: Finding[];
  /** The state pulled after the call (or the last one pulled when refused). */
  pulled?: PulledState;
}

interface CallContext {
  document: vscode.TextDocument;
  profile: ProviderProfile;
  environment: EnvironmentConfig;
  value: unknown;
  variables: Record<string, string>;
  targetId: string;
  fileLabel: string;
}

/** The read-only documents on each side of Preview Changes. */
export class DraftStateDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private counter = 0;

  /**
   * A new virtual document with this text (a new URI each time: VS Code caches what it read).
   * Named "<file>.pulled-state.json" / ".after-update.json": a state is no payload, and a name
   * ending in .ignisign.json would have the language server lint it as one.
   */
  add(side: 'pulled' | 'after', fileName: string, text: string): vscode.Uri {
    const name = `${fileName.replace(/\.json$/i, '')}.${side === 'pulled' ? 'pulled-state' : 'after-update'}.json`;
    const uri = vscode.Uri.from({ scheme: DRAFT_STATE_SCHEME, path: `/${name}`, query: String(++this.counter) });
    this.contents.set(uri.toString(), text);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }
}

/**
 * The draft's life from the editor: Pull Draft State, Preview Changes, Publish / Reopen /
 * Cancel, and the pulled states handed to the language server so that its rules judge the
 * state after the update. Every call goes through the send's environments, credentials, trust
 * rules and timeout (CallAuthority) and its response view (SendController); nothing is fetched
 * without a command.
 */
export class DraftController implements vscode.Disposable {
  /** Per document URI: what the server was last told (a pulled state's identity, or "" for none). */
  private readonly toldServer = new Map<string, string>();
  private readonly subscriptions: vscode.Disposable[] = [];
  readonly stateDocuments = new DraftStateDocuments();

  constructor(
    /** Who and where (document, environment, target, credentials, confirmation, trust): the same questions a send asks. */
    private readonly calls: CallAuthority,
    /** The send (for "Send and Publish"), the response view and Send History. */
    private readonly sender: SendController,
    private readonly recognizer: PayloadRecognizer,
    private readonly parsed: ParsedDocuments,
    private readonly requests: PayloadRequests,
    private readonly states: PulledStates,
    private readonly languageClient: PayloadLanguageClient,
    private readonly environments: { forDocument(profile: ProviderProfile, value: unknown, scope?: vscode.Uri): { environment?: EnvironmentConfig; requestedName: string }; onDidChange: vscode.Event<void> },
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      states.onDidChange(() => this.syncAll()),
      environments.onDidChange(() => this.syncAll()),
      vscode.workspace.onDidOpenTextDocument((document) => this.sync(document)),
      // $request.id or $request.environment changed (as the server read them): the state that applies changes with them.
      requests.onDidChange((uri) => {
        const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (document) this.sync(document);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.toldServer.delete(document.uri.toString())),
    );
  }

  /** Fires when a state is pulled or forgotten. */
  get onDidChange(): vscode.Event<void> {
    return this.states.onDidChange;
  }

  /** "Forget Pulled States": the lint goes back to its conservative rules. */
  async forgetStates(): Promise<number> {
    const count = this.states.size;
    await this.states.clear();
    // Says what it did: nothing visible changes when no finding relied on a pulled state.
    void dialogs.info(count === 0 ? 'E-Sign Drafts: no pulled state to forget.' : `E-Sign Drafts: forgot ${count} pulled ${count === 1 ? 'state' : 'states'}; the diagnostics judge each file alone again (Pull Draft State to use one again).`);
    return count;
  }

  /**
   * The state known for a document's target in its environment, without asking anything. The
   * target and environment are the file's `$request` as the language server last read it: asked on
   * every change (code lens), this never parses the document.
   */
  knownState(document: vscode.TextDocument): { profile: ProviderProfile; environmentName: string; targetId?: string; pulled?: PulledState } | undefined {
    const provider = this.recognizer.providerFor(document);
    if (!provider?.draft) return undefined;
    const value = this.requests.valueOf(document);
    const { environment, requestedName } = this.environments.forDocument(provider, value, document.uri);
    // Only the target the file itself names: an id picked for one send never changes what the file shows afterwards.
    const targetId = requestMetadata(value, environment?.variables ?? {}).id;
    const stored = targetId ? this.states.get(provider.id, requestedName, targetId) : undefined;
    const pulled = stored ? { ...stored, targetId } : undefined;
    return { profile: provider, environmentName: requestedName, targetId, pulled };
  }

  /** Tells the server the state that applies to every open payload (only what changed). */
  syncAll(): void {
    for (const document of vscode.workspace.textDocuments) this.sync(document);
  }

  private sync(document: vscode.TextDocument): void {
    if (document.uri.scheme === DRAFT_STATE_SCHEME) return;
    const known = this.knownState(document);
    const pulled = known?.pulled;
    const identity = pulled ? `${known.environmentName}|${known.targetId}|${pulled.pulledAt}` : '';
    const key = document.uri.toString();
    if ((this.toldServer.get(key) ?? '') === identity) return;
    this.toldServer.set(key, identity);
    void this.languageClient.setPulledState(document.uri, pulled ?? null).catch((error: unknown) => this.log.warn(`The language server did not take the pulled state: ${error instanceof Error ? error.message : String(error)}`));
  }

  /** "Pull Draft State": the target's current state, shown with its summary and kept for the lint. */
  async pull(uri?: vscode.Uri, options: DraftCommandOptions = {}): Promise<PulledState | undefined> {
    const context = await this.context(uri, 'pull');
    if (!context) return undefined;
    const request = await this.authorize(context, productionPullConfirmation(context.profile, context.environment, context.targetId), options);
    if (!request) return undefined;
    return this.pullWith(context, request, true);
  }

  /**
   * "Preview Changes": the state as pulled (left) and after this file's update (right), in VS
   * Code's diff editor. Pulls first when no state is known for the target.
   */
  async previewChanges(uri?: vscode.Uri, options: DraftCommandOptions = {}): Promise<{ changes: Change[]; title: string } | undefined> {
    const context = await this.context(uri, 'preview');
    if (!context) return undefined;
    const body = this.updateBody(context);
    if (!body) return undefined;
    let pulled = this.states.get(context.profile.id, context.environment.name, context.targetId);
    if (!pulled) {
      const request = await this.authorize(context, productionPullConfirmation(context.profile, context.environment, context.targetId), options);
      if (!request) return undefined;
      pulled = await this.pullWith(context, request, true);
      if (!pulled) return undefined;
    }
    const after = context.profile.draft!.applyUpdate(pulled.state, body);
    const changes = changesOf(context.profile, pulled, body);
    const fileName = context.fileLabel.split('/').pop()!;
    const left = this.stateDocuments.add('pulled', fileName, stableJson(pulled.state));
    const right = this.stateDocuments.add('after', fileName, stableJson(after));
    const title = previewTitle(context.profile, fileName, pulled);
    this.log.info(`Preview Changes: ${changes.length} change(s) ${context.fileLabel} would make to the state pulled ${pulled.pulledAt} from ${pulled.environment}. The merge follows the documented update semantics; the unconfirmed parts are listed in ${LIFECYCLE_DOCS}.`);
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: false });
    if (changes.length === 0) void dialogs.info(`E-Sign Drafts: no changes: the server already has everything ${context.fileLabel} sets (as pulled ${pulledTime(pulled)} from ${pulled.environment}).`);
    return { changes, title };
  }

  /**
   * Publish, Reopen or Cancel: pull, refuse unsent changes (offering to send them first), the
   * publish-readiness gate, the POST, and the answer explained followed by the refreshed state.
   */
  async lifecycle(command: LifecycleCommand, uri?: vscode.Uri, options: DraftCommandOptions = {}): Promise<LifecycleResult> {
    const context = await this.context(uri, command);
    if (!context) return { refused: 'cancelled' };
    const { profile, fileLabel } = context;
    const action = lifecycleActionFor(profile, command);
    if (!action) {
      void dialogs.error(`E-Sign Drafts: ${capitalize(command)} does not apply to ${fileLabel}: ${profile.displayName} has no ${command} call (its draft calls: ${profile.draft!.lifecycle.map((a) => lifecycleVerb(a)).join(', ')}). Nothing was sent.`);
      return { refused: 'not-supported' };
    }
    const verb = lifecycleVerb(action);
    const body = this.updateBody(context);
    if (!body) return { refused: 'cancelled' };
    const input = options.input ?? (action.name === 'cancelled' ? await this.askCancelInput(action) : undefined);
    if (action.name === 'cancelled' && input === undefined) return { refused: 'cancelled' };

    // Asked in every environment, after the input, before anything (even the pull) is sent.
    const request = await this.authorize(context, lifecycleConfirmation(profile, action, context.environment, context.targetId, input), options, { always: true });
    if (!request) return { refused: 'cancelled' };
    let pulled = await this.pullWith(context, request, false);
    if (!pulled) return { refused: 'pull-failed' };

    const changes = changesOf(profile, pulled, body);
    if (changes.length > 0) {
      const message = unsentChangesMessage(fileLabel, changes, verb);
      const sendFirst = `Send and ${verb}`;
      const choice = await dialogs.warn(`E-Sign Drafts: ${message}`, sendFirst, 'Preview Changes');
      if (choice === 'Preview Changes') void this.previewChanges(context.document.uri, options);
      if (choice !== sendFirst) return { refused: 'unsent-changes', changes, pulled };
      // The normal send, with its lint gate (the production question was answered for this command).
      const sent = await this.sender.send(context.document.uri, { confirmProduction: true });
      if (!sent?.ok) return { refused: 'send-failed', changes, pulled };
      pulled = await this.pullWith(context, request, false);
      if (!pulled) return { refused: 'pull-failed' };
      // A 2xx to the PUT is not proof that the update landed (a server may accept and ignore it):
      // the call rests on the state just pulled, so that state must hold every change of the file.
      const missing = changesOf(profile, pulled, body);
      if (missing.length > 0) {
        const message = updateNotAppliedMessage(fileLabel, profile.draft!.stateLabel, sent.status, missing, verb);
        this.log.warn(`${verb} refused: ${message}`);
        void dialogs.error(`E-Sign Drafts: ${message}`, 'Preview Changes').then((choice) => {
          if (choice === 'Preview Changes') void this.previewChanges(context.document.uri, options);
        });
        return { refused: 'update-not-applied', changes: missing, pulled };
      }
    }

    if (action.publishes) {
      const parsed = this.parsed.get(context.document);
      const blocking = parsed ? publishGate(parsed.parsed, profile, pulled, { severities: effectiveLintConfigFor(context.document.uri, profile, parsed.parsed.value, this.log).severities, variables: context.variables }) : [];
      if (blocking.length > 0) {
        this.sender.showCallOutcome(context.document.uri, profile, this.lastPull!, { kind: 'lifecycle', verb }, stateSummary(profile, pulled, `Not ready to ${verb.toLowerCase()}: ${blocking.length} problem(s)`));
        const list = blocking.map((f) => `${f.message} (${f.ruleId})`).join(' • ');
        this.log.warn(`${verb} refused: ${list}`);
        void dialogs.error(`E-Sign Drafts: the ${profile.draft!.stateLabel} is not ready to ${verb.toLowerCase()}; nothing was posted: ${list}`);
        return { refused: 'not-ready', blocking, pulled };
      }
    }

    const outcome = await this.withProgress(`${verb} on ${context.environment.name}…`, () => runLifecycle(request, action, pulled!, input));
    // Kept in Send History with its answer (a refusal by the call's own checks posted nothing: not kept).
    if (outcome.exchange || (outcome.error?.kind !== 'usage' && outcome.error?.kind !== 'lint')) await this.sender.recordCall(context.document.uri, outcome, verb.toLowerCase());
    if (!outcome.ok) {
      this.sender.showCallOutcome(context.document.uri, profile, outcome, { kind: 'lifecycle', verb });
      const why = outcome.status === null ? outcome.error?.message : `the API answered ${outcome.status}. Details are in the response view.`;
      this.log.warn(`${verb} failed: ${outcome.error?.kind}: ${outcome.error?.message}`);
      void (outcome.status === null ? dialogs.error : dialogs.warn)(`E-Sign Drafts: ${verb} on ${context.environment.name} failed: ${why}`);
      return { outcome, pulled };
    }
    this.log.info(`${verb}: ${outcome.request.method} ${outcome.request.url} → ${outcome.status}`);
    // The refreshed state: part of the user's command, so also pulled from production.
    const refreshed = await this.pullWith(context, request, false);
    this.sender.showCallOutcome(context.document.uri, profile, outcome, { kind: 'lifecycle', verb }, lifecycleSummary(profile, action, outcome, refreshed));
    void dialogs.info(`E-Sign Drafts: ${lifecyclePastTense(action).toLowerCase()} on ${context.environment.name}.`);
    return { outcome, pulled: refreshed };
  }

  /** Zigned's cancellation: the documented type, and for "custom" a reason of 10–255 characters. */
  private async askCancelInput(action: LifecycleAction): Promise<unknown> {
    const items = [...CANCELLATION_TYPES, 'custom'].map((type) => ({ label: type, description: type === 'custom' ? 'a reason of your own (10–255 characters)' : undefined }));
    const picked = await dialogs.pick(items, { title: 'Cancel the agreement (final)', placeHolder: 'Why is it cancelled? (cancellation_type)' });
    if (!picked) return undefined;
    if (picked.label !== 'custom') return { cancellation_type: picked.label };
    const reason = await dialogs.input({
      title: 'Cancel the agreement (final)',
      prompt: 'The reason (10–255 characters), shown to the participants',
      ignoreFocusOut: true,
      validateInput: (value) => action.validateInput({ cancellation_type: 'custom', reason: value }),
    });
    return reason === undefined ? undefined : { cancellation_type: 'custom', reason };
  }

  /** The document, its provider (with draft calls), environment and target id (asked as a send asks). */
  private async context(uri: vscode.Uri | undefined, verb: string): Promise<CallContext | undefined> {
    const found = await this.calls.documentFor(uri, verb);
    if (!found) return undefined;
    const { document, profile, value, environment } = found;
    if (!profile.draft) {
      void dialogs.error(`E-Sign Drafts: ${profile.displayName} has no draft calls (pull, preview, publish) in E-Sign Drafts yet.`);
      return undefined;
    }
    const variables = environment.variables ?? {};
    const targetId = await this.calls.targetId(document, profile, value, variables);
    if (!targetId) return undefined;
    return { document, profile, environment, value, variables, targetId, fileLabel: vscode.workspace.asRelativePath(document.uri) };
  }

  /** The update the file holds, as it would be sent; undefined (and said) when it cannot be prepared. */
  private updateBody(context: CallContext): Record<string, unknown> | undefined {
    const payload = this.parsed.get(context.document);
    if (!payload || payload.parsed.syntaxErrors.length > 0) {
      void dialogs.error(`E-Sign Drafts: ${context.fileLabel} is not valid JSON${payload?.parsed.syntaxErrors[0] ? `: ${payload.parsed.syntaxErrors[0].message}` : ''} (see Problems).`);
      return undefined;
    }
    try {
      return JSON.parse(prepareBody(payload.parsed.value, context.variables, sendingContextFor(context.document.uri))) as Record<string, unknown>;
    } catch (error) {
      void dialogs.error(`E-Sign Drafts: cannot prepare the update of ${context.fileLabel}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /**
   * Credentials, the confirmation (the safe answer first; for a production environment, or for
   * every one with `always`) and trust; then the request.
   */
  private async authorize(context: CallContext, question: Confirmation, options: DraftCommandOptions, when: { always?: boolean } = {}): Promise<DraftRequest | undefined> {
    const { profile, environment, targetId } = context;
    const confirm = async () => options.confirm ?? (await dialogs.confirm(question));
    const credentials = await this.calls.authorize(profile, environment, confirm, when);
    if (!credentials) {
      this.log.info(`Nothing was sent to ${environment.name}: "${question.message}" was not confirmed (or no credentials, or an unapproved host).`);
      return undefined;
    }
    return this.calls.request(context.document.uri, profile, environment, credentials, targetId);
  }

  /** The outcome of the last pull (the response view shows it under a refusal). */
  private lastPull: SendOutcome | undefined;

  /** Pulls and keeps the state; `show`: the response view shows it (else only a failure is shown). */
  private async pullWith(context: CallContext, request: DraftRequest, show: boolean): Promise<PulledState | undefined> {
    const { outcome, pulled } = await this.withProgress(`pulling the state from ${context.environment.name}…`, () => pullState(request));
    this.lastPull = outcome;
    // A pull the user asked for, or one that failed (and is shown), is kept in Send History.
    if (show || !pulled) await this.sender.recordCall(context.document.uri, outcome, 'pull');
    if (!pulled) {
      this.sender.showCallOutcome(context.document.uri, context.profile, outcome, { kind: 'pull' });
      this.log.warn(`Pull failed: ${outcome.error?.kind}: ${outcome.error?.message}`);
      const why = outcome.status !== null && outcome.error?.kind === 'http' ? `the API answered ${outcome.status}. Details are in the response view.` : outcome.error?.message;
      void dialogs.error(`E-Sign Drafts: pulling the state from ${context.environment.name} failed: ${why}`);
      return undefined;
    }
    await this.states.set(context.profile.id, context.targetId, pulled);
    this.log.info(`Pulled the ${context.profile.draft!.stateLabel} of ${context.targetId} from ${pulled.environment} at ${pulled.pulledAt}.`);
    if (show) this.sender.showCallOutcome(context.document.uri, context.profile, outcome, { kind: 'pull' }, stateSummary(context.profile, pulled));
    return pulled;
  }

  private withProgress<T>(title: string, task: () => Promise<T>): Thenable<T> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `E-Sign Drafts: ${title}` }, task);
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
