import * as vscode from 'vscode';
import { PayloadCodeActionProvider, SHOW_RULE_DOCUMENTATION, showRuleDocumentation } from './vscode/codeActions';
import { DiagnosticsController } from './vscode/diagnosticsController';
import { PayloadLanguageStatus } from './vscode/languageStatus';
import { LintCache } from './vscode/lintCache';
import { NEW_PAYLOAD_COMMAND, newPayload } from './vscode/newPayloadCommand';
import { OPEN_SCHEMA_COMMAND, openSchema } from './vscode/openSchema';
import { JSON_SELECTOR, PayloadRecognizer } from './vscode/payloadRecognizer';

/** Wires the services together; all behaviour lives in src/core (pure) and src/vscode (adapters). */
export function activate(context: vscode.ExtensionContext) {
  const recognizer = new PayloadRecognizer();
  const cache = new LintCache(recognizer);
  const diagnostics = new DiagnosticsController(context.extensionUri, recognizer, cache);
  const status = new PayloadLanguageStatus(recognizer);

  context.subscriptions.push(
    cache,
    diagnostics,
    status,
    vscode.languages.registerCodeActionsProvider(JSON_SELECTOR, new PayloadCodeActionProvider(cache), PayloadCodeActionProvider.metadata),
    vscode.commands.registerCommand(NEW_PAYLOAD_COMMAND, (args?: unknown) => newPayload(context.extensionUri, isObject(args) ? args : {})),
    vscode.commands.registerCommand(SHOW_RULE_DOCUMENTATION, (ruleId: unknown) => showRuleDocumentation(context.extensionUri, ruleId)),
    vscode.commands.registerCommand(OPEN_SCHEMA_COMMAND, (providerId: unknown) => openSchema(context.extensionUri, recognizer, providerId)),
  );

  // Returned for integration tests (vscode.extensions.getExtension(...).exports).
  return { recognizer, cache, diagnostics, status };
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !(value instanceof vscode.Uri);
}

export function deactivate() {
  // Everything is disposed through context.subscriptions.
}
