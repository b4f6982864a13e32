import * as vscode from 'vscode';
import type { ProviderProfile } from '../core/providers/types';
import { baseUrlOf, LOCAL_SANDBOX } from '../core/send/environments';
import { requestMetadata } from '../core/send/prepareBody';
import type { SendRequest } from '../core/send/sendUpdate';
import type { TokenCache } from '../core/send/tokenCache';
import { approvedOriginOf, credentialDestinations, decideTrust } from '../core/send/trust';
import { suggestTargetIds, type TargetIdSuggestion } from '../core/send/targetIdSuggestions';
import type { Credentials, EnvironmentConfig } from '../core/send/types';
import { payloadFileNames } from '../core/providers/registry';
import { SECTION } from './configuration';
import { dialogs } from './dialogs';
import type { EnvironmentService } from './environmentService';
import type { HistoryStore } from './historyStore';
import type { ParsedDocuments } from './parsedDocuments';
import { openPayloadDocument } from './payloadDocument';
import type { PayloadRecognizer } from './payloadRecognizer';
import type { SecretStore } from './secretStore';

const SET_CREDENTIALS = 'Set Credentials…';
const APPROVED_ORIGINS_KEY = 'esignDrafts.approvedOrigins';
const REMEMBERED_IDS_KEY = 'esignDrafts.targetIds';

/** A call's request before its method, URL and body: what Send, Replay and the draft calls share. */
export type CallRequest = Omit<SendRequest, 'body' | 'call'>;

/** The target-id question: an input box's options plus the ids worth offering. */
export type TargetIdQuestion = vscode.InputBoxOptions & { suggestions: TargetIdSuggestion[] };

/** The questions about who and where that a person answers (tests answer them: SendController.prompts). */
export interface CallPrompts {
  approveOrigin(message: string, detail: string): Thenable<boolean>;
  targetId(options: TargetIdQuestion): Thenable<string | undefined>;
}

/**
 * The "who and where" of every call to an API, in one place: which payload document and provider,
 * which environment, which target id, which credentials (asked for when missing), the
 * confirmation (for production, or for every environment on calls that change the server), the
 * trust of the hosts the credentials go to, the shared tokens and the timeout. Send Update,
 * Replay and the draft commands (pull, preview, publish, reopen, cancel) all ask it, so that
 * none of them can skip a question the others ask.
 */
export class CallAuthority {
  constructor(
    private readonly recognizer: PayloadRecognizer,
    private readonly parsed: ParsedDocuments,
    private readonly environments: EnvironmentService,
    /** Credentials in VS Code's secret storage (tests store the sandbox's through it). */
    readonly secrets: SecretStore,
    /** Tokens, shared by every call (a draft call reuses a send's sign-in). */
    readonly tokens: TokenCache,
    private readonly history: HistoryStore,
    private readonly userState: vscode.Memento,
    private readonly workspaceState: vscode.Memento,
    private readonly prompts: () => CallPrompts,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /**
   * The payload document a command acts on, with its provider and environment: the checks every
   * call to an API makes first (a payload file, a trusted workspace, a known environment).
   * @param verb "send", "pull", "publish"…: for the messages.
   */
  async documentFor(target: vscode.Uri | undefined, verb: string): Promise<{ document: vscode.TextDocument; profile: ProviderProfile; value: unknown; environment: EnvironmentConfig } | undefined> {
    let document = vscode.window.activeTextEditor?.document;
    if (target) {
      const opened = await openPayloadDocument(target);
      if ('problem' in opened) {
        this.log.warn(`Not ${verb === 'send' ? 'sent' : 'done'}: ${opened.problem}`);
        void vscode.window.showErrorMessage(`E-Sign Drafts: ${verb === 'send' ? 'not sent' : `no ${verb}`}: ${opened.problem}`);
        return undefined;
      }
      document = opened.document;
    }
    if (!document) {
      void vscode.window.showInformationMessage(`E-Sign Drafts: open a payload file (${payloadFileNames()}) to ${verb} it.`);
      return undefined;
    }
    const profile = this.recognizer.providerFor(document);
    if (!profile) {
      void vscode.window.showErrorMessage(`E-Sign Drafts: ${vscode.workspace.asRelativePath(document.uri)} is not a payload file: name it ${payloadFileNames()}, or add a "$schema" naming one of the extension's schemas.`);
      return undefined;
    }
    if (!vscode.workspace.isTrusted) {
      // Not awaited: the command returns at once; the message stays for the user.
      void vscode.window
        .showErrorMessage(`E-Sign Drafts: ${verb === 'send' ? 'sending is' : `${verb} calls are`} disabled in an untrusted workspace, because its settings could send your credentials to a server of its choosing. Trust the workspace to ${verb}.`, 'Manage Workspace Trust')
        .then((choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'));
      this.log.warn(`Not ${verb === 'send' ? 'sent' : 'done'}: the workspace is not trusted.`);
      return undefined;
    }

    const payload = this.parsed.get(document);
    if (!payload) return undefined;
    const value = payload.parsed.value;
    const { environment, requestedName, fromFile } = this.environments.forDocument(profile, value, document.uri);
    if (!environment) {
      void vscode.window.showErrorMessage(
        `E-Sign Drafts: unknown environment "${requestedName}"${fromFile ? ' (from "$request.environment")' : ''} for ${profile.displayName}. Known: ${this.environments.environmentsFor(profile, document.uri).map((e) => e.name).join(', ')}. Define it in esign-drafts.config.json "environments" (beside the file or above it; shared with the CLI) or in the esignDrafts.environments setting.`,
      );
      return undefined;
    }
    return { document, profile, value, environment };
  }

  /**
   * Credentials, the confirmation and trust, in a send's order; undefined when any is refused.
   * Credentials come first (asked for, and the call goes on once set), so that a confirmed call
   * never fails for want of them.
   * `confirm` asks the call's own question (its own buttons, the safe one first): for a
   * production environment, or for every environment with `always` (calls that change the server).
   */
  async authorize(profile: ProviderProfile, environment: EnvironmentConfig, confirm: () => Thenable<boolean>, options: { always?: boolean } = {}): Promise<Credentials | undefined> {
    const credentials = await this.credentialsFor(profile, environment);
    if (!credentials) return undefined;
    if ((options.always || environment.production) && !(await confirm())) return undefined;
    if (!(await this.approveDestinations(profile, environment))) return undefined;
    return credentials;
  }

  /** The timeout (ms) of a call for this document, as a send's. */
  timeoutMsFor(documentUri: vscode.Uri): number {
    return Math.max(1, vscode.workspace.getConfiguration(SECTION, documentUri).get<number>('timeout', 30)) * 1000;
  }

  /**
   * Everything a call needs to go out once authorised: the target, the signed-in tokens (shared by
   * every call, so a draft call reuses a send's token), the approved hosts and the timeout.
   */
  request(documentUri: vscode.Uri, profile: ProviderProfile, environment: EnvironmentConfig, credentials: Credentials, targetId: string): CallRequest {
    return {
      profile,
      environment,
      credentials,
      targetId,
      tokens: this.tokens,
      approvedOrigins: this.approvedOrigins(),
      timeoutMs: this.timeoutMsFor(documentUri),
      log: (line) => this.log.info(line),
    };
  }


  /** The target id the file names ($request.id), else asked for (offering recent and seeded ids), and remembered per file. */
  async targetId(document: vscode.TextDocument, profile: ProviderProfile, value: unknown, variables: Record<string, string>): Promise<string | undefined> {
    const fromFile = requestMetadata(value, variables).id;
    if (fromFile) return fromFile;
    const remembered = this.workspaceState.get<Record<string, string>>(REMEMBERED_IDS_KEY, {});
    const key = document.uri.toString();
    const environmentName = this.environments.forDocument(profile, value, document.uri).requestedName;
    const id = await this.prompts().targetId({
      suggestions: suggestTargetIds(profile.id, environmentName, this.history.all().map((s) => s.entry)),
      title: `Send ${vscode.workspace.asRelativePath(document.uri)}`,
      prompt: `Which ${profile.targetIdLabel}? (Set "$request": { "id": "…" } in the file to skip this question.)`,
      value: remembered[key],
      ignoreFocusOut: true,
      validateInput: (input) => (input.trim() ? profile.validateTargetId(input.trim()) : `Enter the ${profile.targetIdLabel}.`),
    });
    if (!id) return undefined;
    await this.workspaceState.update(REMEMBERED_IDS_KEY, { ...remembered, [key]: id.trim() });
    return id.trim();
  }

  private async credentialsFor(profile: ProviderProfile, environment: EnvironmentConfig): Promise<Credentials | undefined> {
    if (environment.name === LOCAL_SANDBOX && environment.origin === 'builtin') {
      return profile.send.localSandbox(this.environments.localSandboxPort).credentials;
    }
    const stored = await this.storedCredentials(profile, environment);
    if (stored) return stored;
    // Asked before anything else about the send, and the send goes on once they are set.
    const choice = await dialogs.modal(
      `No ${profile.displayName} credentials for environment "${environment.name}" yet. Set them to send?`,
      `${profile.send.credentialScope(environment)}. They are kept in VS Code's secret storage, never in settings.`,
      SET_CREDENTIALS,
    );
    if (choice !== SET_CREDENTIALS) {
      this.log.warn(`Not sent: no credentials for "${environment.name}".`);
      return undefined;
    }
    const saved = await vscode.commands.executeCommand<boolean>('esignDrafts.setCredentials', { provider: profile.id, environment: environment.name });
    const now = saved ? await this.storedCredentials(profile, environment) : undefined;
    if (!now) this.log.warn(`Not sent: the credentials for "${environment.name}" were not set.`);
    else this.log.info(`Credentials set for "${environment.name}": the send goes on.`);
    return now;
  }

  private async storedCredentials(profile: ProviderProfile, environment: EnvironmentConfig): Promise<Credentials | undefined> {
    const stored = await this.secrets.get(profile, environment);
    return stored && profile.send.credentialFields.every((f) => stored[f.key]) ? stored : undefined;
  }

  /** The stored approvals, each as one exact origin (as --allow-host normalises them); anything else is ignored. */
  approvedOrigins(): Set<string> {
    const origins = new Set<string>();
    for (const entry of this.userState.get<unknown[]>(APPROVED_ORIGINS_KEY, [])) {
      const approved = typeof entry === 'string' ? approvedOriginOf(entry) : undefined;
      if (approved && 'origin' in approved) origins.add(approved.origin);
    }
    return origins;
  }

  /**
   * A base URL that is neither the official host nor loopback gets credentials only after the
   * user approves it once; the approval lives in user-level state, never in the workspace.
   */
  private async approveDestinations(profile: ProviderProfile, environment: EnvironmentConfig): Promise<boolean> {
    const baseUrl = baseUrlOf(profile, environment);
    for (const destination of credentialDestinations(baseUrl, profile.send.tokenUrl(environment, baseUrl))) {
      const approved = this.approvedOrigins();
      const decision = decideTrust(destination, profile.send.officialHosts, approved);
      if (decision.trusted) continue;
      if (!decision.approvable) {
        // Plain http to another machine: no approval can make it safe, so none is offered.
        this.log.warn(`Not sent: ${decision.reason}.`);
        void vscode.window.showErrorMessage(`E-Sign Drafts: your ${profile.displayName} credentials were not sent: ${decision.reason}.`);
        return false;
      }
      const origin = new URL(destination).origin;
      const allowed = await this.prompts().approveOrigin(
        `Send your ${profile.displayName} credentials to ${origin}?`,
        `Environment "${environment.name}" (from ${environment.origin ?? 'settings'} settings) points to ${origin}, which is neither ${profile.send.officialHosts.join(', ')} nor this machine. A repository's settings can name any server: allow it only if you know it.`,
      );
      if (!allowed) {
        this.log.warn(`Not sent: ${origin} was not approved.`);
        return false;
      }
      await this.userState.update(APPROVED_ORIGINS_KEY, [...approved, origin]);
    }
    return true;
  }

  /** Test hook: forget approvals. */
  async resetApprovals(): Promise<void> {
    await this.userState.update(APPROVED_ORIGINS_KEY, []);
  }
}
