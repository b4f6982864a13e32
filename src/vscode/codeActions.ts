import * as vscode from 'vscode';
import type { Finding } from '../core/lint/types';
import { DIAGNOSTIC_SOURCE, toRange, toWorkspaceEdit } from './convert';
import type { LintCache } from './lintCache';

export const SHOW_RULE_DOCUMENTATION = 'esignDrafts.showRuleDocumentation';

/**
 * Quick fixes come from the engine's own findings (cached per version), whether the problem is
 * shown by us or by the JSON language service: its "Property titel is not allowed" gets our
 * "Rename to title" too.
 */
export class PayloadCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly cache: LintCache) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const lint = this.cache.lint(document);
    if (!lint) return [];
    const actions: vscode.CodeAction[] = [];
    const documented = new Set<string>();
    for (const finding of lint.result.findings) {
      const findingRange = toRange(finding.range);
      if (!findingRange.intersection(range) && !findingRange.contains(range)) continue;
      const related = context.diagnostics.filter((d) => d.range.intersection(findingRange) !== undefined && matches(d, finding));
      for (const fix of finding.fixes) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        if (fix.edits.length > 0) action.edit = toWorkspaceEdit(document, fix.edits);
        // A fix that writes another file (e.g. Convert to Ignisign v4…) is a command on this file.
        if (fix.command) action.command = { command: fix.command, title: fix.title, arguments: [document.uri] };
        action.diagnostics = related;
        action.isPreferred = fix.isPreferred;
        actions.push(action);
      }
      if (!documented.has(finding.ruleId)) {
        documented.add(finding.ruleId);
        const docs = new vscode.CodeAction(`Show documentation for ${finding.ruleId}`, vscode.CodeActionKind.QuickFix);
        docs.command = { command: SHOW_RULE_DOCUMENTATION, title: docs.title, arguments: [finding.ruleId] };
        docs.diagnostics = related;
        actions.push(docs);
      }
    }
    return actions;
  }
}

/** Ours by rule id; the JSON language service's by range alone (its messages are its own). */
function matches(diagnostic: vscode.Diagnostic, finding: Finding): boolean {
  if (diagnostic.source === DIAGNOSTIC_SOURCE) {
    const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
    return code === finding.ruleId;
  }
  return true;
}

/** Opens a rule's reference page (shipped in the extension under docs/rules/) as a Markdown preview. */
export async function showRuleDocumentation(extensionUri: vscode.Uri, ruleId: unknown): Promise<void> {
  if (typeof ruleId !== 'string' || !/^[a-z0-9/-]+$/.test(ruleId)) {
    void vscode.window.showErrorMessage(`E-Sign Drafts: "${String(ruleId)}" is not a rule id (expected e.g. "ignisign/signer-ids-missing").`);
    return;
  }
  const page = vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${ruleId}.md`);
  try {
    await vscode.workspace.fs.stat(page);
  } catch {
    void vscode.window.showErrorMessage(`E-Sign Drafts: no documentation page for rule "${ruleId}".`);
    return;
  }
  await vscode.commands.executeCommand('markdown.showPreview', page);
}
