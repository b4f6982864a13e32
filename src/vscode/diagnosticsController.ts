import * as vscode from 'vscode';
import { SYNTAX_RULE } from '../core/lint/engine';
import { DUPLICATE_KEY_RULE } from '../core/lint/rules/duplicateKey';
import { RESPONSE_ONLY_RULE, SCHEMA_RULE, UNKNOWN_PROPERTY_RULE } from '../core/lint/schemaFindings';
import type { Finding } from '../core/lint/types';
import { lintDelayMs } from './configuration';
import { toDiagnostic } from './convert';
import type { LintCache } from './lintCache';
import type { PayloadRecognizer } from './payloadRecognizer';

/** VS Code's JSON language service reports these for every JSON document. */
const ALWAYS_REPORTED_BY_JSON_SERVICE = new Set([SYNTAX_RULE, DUPLICATE_KEY_RULE]);
/** ...and these when it validates the document against our contributed schema. */
const REPORTED_BY_JSON_SERVICE_WITH_SCHEMA = new Set([SCHEMA_RULE, UNKNOWN_PROPERTY_RULE, RESPONSE_ONLY_RULE]);

/** Keeps the Problems view in step with payload files: on open, as you type (debounced), on close. */
export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('esign-drafts');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly recognizer: PayloadRecognizer,
    private readonly cache: LintCache,
  ) {
    this.subscriptions.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.refresh(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('esignDrafts')) this.refreshAll();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refreshAll()),
    );
    this.refreshAll();
  }

  refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) this.refresh(document);
  }

  private schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => this.refresh(document), debounceMs(lintDelayMs(document.uri), documentLength(document))));
  }

  refresh(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    if (document.isClosed) return this.clear(document.uri);
    const lint = this.cache.lint(document);
    if (!lint) return this.clear(document.uri);
    const covered = this.recognizer.isCoveredByJsonLanguageService(document, lint.provider);
    const shown = lint.result.findings.filter((f) => !isReportedByJsonService(f, covered));
    this.collection.set(document.uri, shown.map((f) => toDiagnostic(f, this.extensionUri)));
  }

  private clear(uri: vscode.Uri): void {
    clearTimeout(this.timers.get(uri.toString()));
    this.timers.delete(uri.toString());
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}

/** Above this many characters a document waits longer after a keystroke before it is linted again. */
export const LARGE_DOCUMENT_LENGTH = 1024 * 1024;

/** The document's length in characters, without copying its text (getText would, on every keystroke). */
function documentLength(document: vscode.TextDocument): number {
  return document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
}

/** The wait after a keystroke: the configured delay, four times that for large documents (a lint costs more there). */
export function debounceMs(delayMs: number, length: number): number {
  return length > LARGE_DOCUMENT_LENGTH ? delayMs * 4 : delayMs;
}

/** The user sees each problem once: what the JSON language service shows, we do not repeat. */
export function isReportedByJsonService(finding: Finding, coveredBySchema: boolean): boolean {
  return ALWAYS_REPORTED_BY_JSON_SERVICE.has(finding.ruleId) || (coveredBySchema && REPORTED_BY_JSON_SERVICE_WITH_SCHEMA.has(finding.ruleId));
}
