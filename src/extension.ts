import * as vscode from 'vscode';
import { onFirstPayloadDocument } from './vscode/firstPayloadDocument';
import { lazyExports, LazyServices, registerCommands, registerContentProviders } from './vscode/lazyServices';
import { registerLintTasks } from './vscode/lintTask';
import { PayloadLanguageSwitcher } from './vscode/payloadLanguage';

/** Set by `npm start` only: open the Get Started walkthrough (package.json contributes.walkthroughs) on activation. */
export const PLAYGROUND_WALKTHROUGH_ENV = 'ESIGN_DRAFTS_OPEN_WALKTHROUGH';

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
  // `npm start` (scripts/start.mjs) sets this for the playground it opens: our walkthrough beside the sample payload.
  if (process.env[PLAYGROUND_WALKTHROUGH_ENV] === '1') void vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#gettingStarted`, true);
  // Returned for integration tests (vscode.extensions.getExtension(...).exports).
  return lazyExports(services);
}

export function deactivate() {
  // Everything is disposed through context.subscriptions.
}
