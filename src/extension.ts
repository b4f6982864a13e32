import type * as vscode from 'vscode';
import { onFirstPayloadDocument } from './vscode/firstPayloadDocument';
import { lazyExports, LazyServices, registerCommands, registerContentProviders } from './vscode/lazyServices';
import { registerLintTasks } from './vscode/lintTask';
import { PayloadLanguageSwitcher } from './vscode/payloadLanguage';

/**
 * Wires the extension together. The extension activates for every JSON file; activation only
 * switches payload files to the payload language and registers the commands and documents. The
 * services (src/vscode/services.ts: language client, sender, views; all behaviour lives in
 * src/core and the adapters of src/vscode) are built when first needed.
 */
export function activate(context: vscode.ExtensionContext) {
  const switcher = new PayloadLanguageSwitcher();
  const services = new LazyServices(context, { switcher });
  context.subscriptions.push(
    switcher,
    ...registerCommands(services),
    ...registerContentProviders(services),
    // `esign-drafts lint` as a task (Run Task, tasks.json type "esign-drafts").
    registerLintTasks(),
    // The language server, the code lens and the status bar start with the first payload document.
    onFirstPayloadDocument(() => services.get().startLanguageServer()),
  );
  // Returned for integration tests (vscode.extensions.getExtension(...).exports).
  return lazyExports(services);
}

export function deactivate() {
  // Everything is disposed through context.subscriptions.
}
