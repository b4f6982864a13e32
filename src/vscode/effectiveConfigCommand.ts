import * as vscode from 'vscode';
import { effectiveConfigReport, formatEffectiveConfig } from '../core/config/effectiveConfigReport';
import { parsePayload } from '../core/payload/parsePayload';
import type { EnvironmentService } from './environmentService';
import type { PayloadRecognizer } from './payloadRecognizer';
import { effectiveLintConfigFor, projectConfigFor } from './projectConfigs';

/**
 * "Show Effective Configuration": what the active payload is checked and sent with, and where each
 * part came from, in the words of `esign-drafts print-config` (the same report, core/config).
 * Opened as a read-only-in-spirit untitled text document: nothing is written anywhere.
 */
export async function showEffectiveConfiguration(recognizer: PayloadRecognizer, environments: EnvironmentService, log: vscode.LogOutputChannel, uri?: vscode.Uri): Promise<string | undefined> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  const profile = document && recognizer.providerFor(document);
  if (!document || !profile) {
    void vscode.window.showInformationMessage('E-Sign Drafts: open a payload file (*.ignisign-v4.json, *.ignisign.json, *.zigned.json) to see the configuration it is checked and sent with.');
    return undefined;
  }
  const value = parsePayload(document.getText()).value;
  const { resolved } = effectiveLintConfigFor(document.uri, profile, value, log);
  const config = projectConfigFor(document.uri, log);
  const report = effectiveConfigReport(vscode.workspace.asRelativePath(document.uri), profile, config?.file, resolved, environments.environmentsFor(profile, document.uri));
  const text = formatEffectiveConfig(report, profile.displayName) + (config ? '' : '\n\nNo esign-drafts.config.json governs this file: the esignDrafts.rules settings apply (under a project config they do not, so that the editor and CI give one verdict).');
  const shown = await vscode.workspace.openTextDocument({ content: text, language: 'plaintext' });
  await vscode.window.showTextDocument(shown, { preview: true });
  return text;
}
