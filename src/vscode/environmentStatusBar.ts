import * as vscode from 'vscode';
import { SELECT_ENVIRONMENT_COMMAND } from './contributionIds';
import { PROVIDERS, providerById } from '../core/providers/registry';
import { baseUrlOf } from '../core/send/environments';
import { environmentPinEdits } from '../core/payload/environmentPin';
import type { ProviderProfile } from '../core/providers/types';
import { dialogs } from './dialogs';
import type { EnvironmentService } from './environmentService';
import type { PayloadRecognizer } from './payloadRecognizer';
import type { PayloadRequests } from './payloadRequests';


/** A status-bar item with the active environment for the current file's provider; click to switch. */
export class EnvironmentStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('esignDrafts.environment', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[] = [this.item];

  constructor(private readonly recognizer: PayloadRecognizer, private readonly requests: PayloadRequests, private readonly environments: EnvironmentService) {
    this.item.name = 'E-Sign Drafts environment';
    this.item.command = SELECT_ENVIRONMENT_COMMAND;
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      // The file's `$request.environment` as the language server last read it: typing never makes the host parse the file.
      requests.onDidChange((uri) => uri.toString() === vscode.window.activeTextEditor?.document.uri.toString() && this.update()),
      environments.onDidChange(() => this.update()),
    );
    this.update();
  }

  get text(): string | undefined {
    return this.item.text;
  }

  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const profile = document && this.recognizer.providerFor(document);
    if (!document || !profile) {
      this.item.hide();
      return;
    }
    const { environment, requestedName, fromFile } = this.environments.forDocument(profile, this.requests.valueOf(document), document.uri);
    this.item.text = `$(globe) ${requestedName}${environment?.production ? ' $(warning)' : ''}`;
    this.item.tooltip = environment
      ? `${profile.displayName} → ${baseUrlOf(profile, environment)}${fromFile ? ' (set by "$request.environment" in this file)' : ''}. Click to switch.`
      : `Unknown environment "${requestedName}". Click to choose one.`;
    this.item.backgroundColor = environment?.production ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  async select(providerId?: unknown): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    const profile = (typeof providerId === 'string' ? providerById(providerId) : undefined) ?? (document && this.recognizer.providerFor(document)) ?? (await pickProvider());
    if (!profile) return;
    const pinned = document && this.recognizer.providerFor(document) === profile ? this.pinOf(document, profile) : undefined;
    if (pinned) {
      await this.changePin(document!, profile, pinned);
      return;
    }
    const active = this.environments.activeName(profile, document?.uri);
    const picked = await vscode.window.showQuickPick(
      this.environments.environmentsFor(profile, document?.uri).map((e) => ({
        label: `${e.name === active ? '$(check) ' : ''}${e.name}`,
        description: baseUrlOf(profile, e),
        detail: [e.production ? 'production' : '', e.origin === 'builtin' ? 'built in: the local sandbox' : e.origin === 'config' ? 'from esign-drafts.config.json' : `from ${e.origin} settings`].filter(Boolean).join(' · '),
        name: e.name,
      })),
      { title: `${profile.displayName} environment`, placeHolder: 'Where "Send Update" sends (a file\'s "$request.environment" overrides this)' },
    );
    if (picked) await this.environments.setActive(profile, picked.name);
  }

  /** The file's `$request.environment`, when it names one: it, not the active environment, decides where the file goes. */
  private pinOf(document: vscode.TextDocument, profile: ProviderProfile): string | undefined {
    let value: unknown;
    try {
      value = JSON.parse(document.getText());
    } catch {
      return undefined;
    }
    const { requestedName, fromFile } = this.environments.forDocument(profile, value, document.uri);
    return fromFile ? requestedName : undefined;
  }

  /**
   * Switching the active environment would change nothing for a pinned file, so say so and
   * offer to change the pin itself: an edit of that one value, undoable, formatting kept.
   */
  private async changePin(document: vscode.TextDocument, profile: ProviderProfile, pinned: string): Promise<void> {
    const picked = await dialogs.pick(
      this.environments.environmentsFor(profile, document.uri).map((e) => ({
        label: `${e.name === pinned ? '$(pinned) ' : ''}${e.name}`,
        description: baseUrlOf(profile, e),
        detail: e.production ? 'production' : undefined,
        name: e.name,
      })),
      {
        title: `${vscode.workspace.asRelativePath(document.uri)} is pinned to "${pinned}"`,
        placeHolder: `This file's "$request.environment" sends it to "${pinned}" whatever the active environment is. Pick one to change the pin in the file.`,
      },
    );
    if (!picked || picked.name === pinned) return;
    const text = document.getText();
    const edit = new vscode.WorkspaceEdit();
    for (const change of environmentPinEdits(text, picked.name)) {
      edit.replace(document.uri, new vscode.Range(document.positionAt(change.offset), document.positionAt(change.offset + change.length)), change.content);
    }
    if (!(await vscode.workspace.applyEdit(edit))) {
      void dialogs.error(`E-Sign Drafts: could not change "$request.environment" in ${vscode.workspace.asRelativePath(document.uri)}.`);
      return;
    }
    void dialogs.info(`E-Sign Drafts: ${vscode.workspace.asRelativePath(document.uri)} is now pinned to "${picked.name}" (not saved yet; Undo reverts it).`);
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}

async function pickProvider() {
  const picked = await vscode.window.showQuickPick(PROVIDERS.map((p) => ({ label: p.displayName, profile: p })), { placeHolder: 'Which API?' });
  return picked?.profile;
}
