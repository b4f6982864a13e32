import { CodeActionKind, type CodeAction, type Diagnostic, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAllEdits, fixText } from '../core/lint/fixAll';
import type { Finding } from '../core/lint/types';
import { toTextEdits } from './toLsp';

/** "Fix all" for this extension only, so that `editor.codeActionsOnSave` can name it. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.esignDrafts`;

export interface CodeActionOptions {
  /** A client command that opens a rule's page (VS Code: esignDrafts.showRuleDocumentation); none elsewhere. */
  showDocumentationCommand?: string;
}

function intersects(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function sameFinding(diagnostic: Diagnostic, finding: Finding): boolean {
  return diagnostic.code === finding.ruleId && intersects(diagnostic.range, finding.range);
}

/** Quick fixes for the findings that touch the range the editor asks about, tied to the diagnostics it sent. */
export function quickFixes(document: TextDocument, findings: readonly Finding[], range: Range, diagnostics: readonly Diagnostic[], options: CodeActionOptions): CodeAction[] {
  const actions: CodeAction[] = [];
  const documented = new Set<string>();
  for (const finding of findings) {
    if (!intersects(finding.range, range)) continue;
    const related = diagnostics.filter((d) => sameFinding(d, finding));
    for (const fix of finding.fixes) {
      // A fix that is a command (it writes another file: "Convert to Ignisign v4…") only exists
      // in the VS Code extension, which says so by naming its commands at initialize.
      if (fix.command && !options.showDocumentationCommand) continue;
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: related,
        isPreferred: fix.isPreferred,
        ...(fix.edits.length > 0 ? { edit: { changes: { [document.uri]: toTextEdits(document, fix.edits) } } } : {}),
        ...(fix.command ? { command: { title: fix.title, command: fix.command, arguments: [document.uri] } } : {}),
      });
    }
    if (options.showDocumentationCommand && !documented.has(finding.ruleId)) {
      documented.add(finding.ruleId);
      const title = `Show documentation for ${finding.ruleId}`;
      actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: related, command: { title, command: options.showDocumentationCommand, arguments: [finding.ruleId] } });
    }
  }
  return actions;
}

/**
 * "Fix all": the preferred fixes that overlap no other, and, given `relint` (the document's lint
 * of another text, as the server linted this one), never one that brings a new error: the same
 * choice `esign-drafts lint --fix` makes (core/lint/fixAll.ts).
 */
export function fixAllAction(document: TextDocument, findings: readonly Finding[], relint?: (text: string) => Finding[]): CodeAction | undefined {
  const edits = relint ? fixText(document.getText(), findings, relint).applied.flatMap((fix) => fix.edits).sort((a, b) => a.offset - b.offset) : fixAllEdits(findings);
  if (edits.length === 0) return undefined;
  return { title: 'Fix all E-Sign Drafts problems', kind: FIX_ALL_KIND, edit: { changes: { [document.uri]: toTextEdits(document, edits) } } };
}

/** Whether the client asked for a kind that includes ours (e.g. "source.fixAll" or "source"). */
export function wantsKind(only: readonly string[] | undefined, kind: string): boolean {
  if (!only) return false;
  return only.some((requested) => kind === requested || kind.startsWith(requested + '.'));
}
