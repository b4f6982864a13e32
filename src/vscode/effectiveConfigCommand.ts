import * as vscode from 'vscode';
import { effectiveConfigReport, formatEffectiveConfig } from '../core/config/effectiveConfigReport';
import { parsePayload } from '../core/payload/parsePayload';
import { EFFECTIVE_CONFIG_SCHEME } from './contributionIds';
import type { EnvironmentService } from './environmentService';
import type { PayloadRecognizer } from './payloadRecognizer';
import { effectiveLintConfigFor, projectConfigFor } from './projectConfigs';

const NO_CONFIG_NOTE = '\n\nNo esign-drafts.config.json governs this file: the esignDrafts.rules settings apply (under a project config they do not, so that the editor and CI give one verdict).';

/**
 * "Show Effective Configuration": what a payload is checked and sent with, and where each part
 * came from, in the words of `esign-drafts print-config` (the same report, core/config). Shown as
 * a read-only document of its own scheme (`esign-drafts-config:`, the payload's URI in its query):
 * nothing to save. It is written again when the config or the settings change, when the payload
 * is saved (its `$lint`), and each time the command runs (the payload's text as it is then, saved
 * or not, as Problems judges it). Not on every keystroke: that would parse the payload on the
 * extension host while it is edited.
 */
export class EffectiveConfigDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly recognizer: PayloadRecognizer,
    private readonly environments: EnvironmentService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [
      this.changed,
      // The config files and the environment settings (the service relays both), the rule settings, the payload itself ($lint).
      environments.onDidChange(() => this.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('esignDrafts') && this.refresh()),
      vscode.workspace.onDidSaveTextDocument((document) => this.refresh(document.uri)),
    ];
  }

  /** The document that shows the configuration of this payload. */
  static uriFor(payload: vscode.Uri): vscode.Uri {
    const name = payload.path.split('/').pop() ?? 'payload';
    return vscode.Uri.from({ scheme: EFFECTIVE_CONFIG_SCHEME, path: `/${name} (effective configuration)`, query: payload.toString() });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const payload = vscode.Uri.parse(uri.query, true);
    const document = await vscode.workspace.openTextDocument(payload);
    return this.textFor(document) ?? `${vscode.workspace.asRelativePath(payload)} is not a payload file (*.ignisign-v4.json, *.ignisign.json, *.zigned.json, or one a "files" glob maps): there is no configuration to show.`;
  }

  /** The report for a payload document; undefined when it is not one. */
  textFor(document: vscode.TextDocument): string | undefined {
    const profile = this.recognizer.providerFor(document);
    if (!profile) return undefined;
    const value = parsePayload(document.getText()).value;
    const { resolved } = effectiveLintConfigFor(document.uri, profile, value, this.log);
    const config = projectConfigFor(document.uri, this.log);
    const report = effectiveConfigReport(vscode.workspace.asRelativePath(document.uri), profile, config?.file, resolved, this.environments.environmentsFor(profile, document.uri));
    return formatEffectiveConfig(report, profile.displayName) + (config ? '' : NO_CONFIG_NOTE);
  }

  /** Writes the open reports again (all of them, or the one of this payload). */
  refresh(payload?: vscode.Uri): void {
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme !== EFFECTIVE_CONFIG_SCHEME) continue;
      if (payload && document.uri.query !== payload.toString()) continue;
      this.changed.fire(document.uri);
    }
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** The command: the active payload's (or the given one's) report, opened beside nothing, read-only. Returns the text shown. */
export async function showEffectiveConfiguration(documents: EffectiveConfigDocuments, uri?: vscode.Uri): Promise<string | undefined> {
  const payload = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  const text = payload && documents.textFor(payload);
  if (!payload || text === undefined) {
    void vscode.window.showInformationMessage('E-Sign Drafts: open a payload file (*.ignisign-v4.json, *.ignisign.json, *.zigned.json) to see the configuration it is checked and sent with.');
    return undefined;
  }
  const report = EffectiveConfigDocuments.uriFor(payload.uri);
  // A report still open (or still in memory) is not read again by opening it: rewrite it first.
  const earlier = vscode.workspace.textDocuments.find((document) => document.uri.toString() === report.toString());
  if (earlier && earlier.getText() !== text) await rewritten(earlier, () => documents.refresh(payload.uri));
  const shown = await vscode.workspace.openTextDocument(report);
  await vscode.window.showTextDocument(shown, { preview: true });
  return shown.getText();
}

/** Runs `rewrite` and waits until VS Code has read the document again (2 s at most). */
function rewritten(document: vscode.TextDocument, rewrite: () => void): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      changed.dispose();
      resolve();
    };
    const changed = vscode.workspace.onDidChangeTextDocument((event) => event.document === document && done());
    const timer = setTimeout(done, 2000);
    rewrite();
  });
}
