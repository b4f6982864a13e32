import * as vscode from 'vscode';
import type { Range } from '../core/payload/lineIndex';
import type { Finding, Severity, TextEdit } from '../core/lint/types';

/** Conversions between the pure core's shapes and VS Code's. */
export function toRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export function toSeverity(severity: Severity): vscode.DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    default:
      return vscode.DiagnosticSeverity.Information;
  }
}

export const DIAGNOSTIC_SOURCE = 'E-Sign Drafts';

export function toDiagnostic(finding: Finding, extensionUri: vscode.Uri): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(finding.range), finding.message, toSeverity(finding.severity));
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: finding.ruleId, target: vscode.Uri.joinPath(extensionUri, finding.docs) };
  return diagnostic;
}

export function toWorkspaceEdit(document: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
  }
  return edit;
}
