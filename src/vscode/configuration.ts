import * as vscode from 'vscode';
import type { SeveritySetting } from '../core/lint/types';
import type { FileAssociation } from '../core/providers/registry';

/** Typed access to the `esignDrafts.*` settings. */
export const SECTION = 'esignDrafts';

export function ruleSeverities(scope?: vscode.Uri): Record<string, SeveritySetting> {
  const value = vscode.workspace.getConfiguration(SECTION, scope).get<Record<string, unknown>>('rules') ?? {};
  const out: Record<string, SeveritySetting> = {};
  for (const [ruleId, setting] of Object.entries(value)) {
    if (setting === 'off' || setting === 'info' || setting === 'warning' || setting === 'error') out[ruleId] = setting;
  }
  return out;
}

export function fileAssociations(scope?: vscode.Uri): FileAssociation[] {
  // esignDrafts.files is a restricted setting: in an untrusted workspace VS Code returns only the user's value.
  const value = vscode.workspace.getConfiguration(SECTION, scope).get<Record<string, unknown>>('files') ?? {};
  return Object.entries(value)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([pattern, provider]) => ({ pattern, provider }));
}

export function lintDelayMs(scope?: vscode.Uri): number {
  const value = vscode.workspace.getConfiguration(SECTION, scope).get<number>('lint.delay', 250);
  return Number.isFinite(value) ? Math.max(0, Math.min(value, 5000)) : 250;
}
