import * as vscode from 'vscode';
import { COMMAND_IDS, URI_SCHEMES } from './contributionIds';
import type { EntryParts, ExtensionServices } from './services';

/**
 * The extension's services (src/vscode/services.ts), built the first time something needs them: the
 * first payload document, a command, a read of one of the extension's documents, or the exports.
 * They are a bundle of their own (dist/extension-services.js, scripts/build.mjs): the extension
 * activates for every JSON file, and most JSON files are no payloads, so activation loads only the
 * entry. `require` is synchronous, so every caller gets the services at once.
 */
export class LazyServices {
  private services: ExtensionServices | undefined;
  private failure: Error | undefined;
  private readonly onBuilt: ((services: ExtensionServices) => void)[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly entry: EntryParts,
  ) {}

  /** Calls back once the services exist (at once if they do), without building them. */
  whenBuilt(callback: (services: ExtensionServices) => void): void {
    if (this.services) callback(this.services);
    else this.onBuilt.push(callback);
  }

  get(): ExtensionServices {
    if (this.services) return this.services;
    // A failed build is not tried again: the half it made is registered already.
    if (this.failure) throw this.failure;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first need, not at activation
      const { createServices } = require('./services') as typeof import('./services');
      this.services = createServices(this.context, this.entry);
      for (const callback of this.onBuilt.splice(0)) callback(this.services);
      return this.services;
    } catch (error) {
      this.failure = new Error(`E-Sign Drafts could not start its services: ${error instanceof Error ? error.message : String(error)}`);
      void vscode.window.showErrorMessage(this.failure.message);
      throw this.failure;
    }
  }
}

/** Every command of the extension, each handled by the services (built on its first call). */
export function registerCommands(services: LazyServices): vscode.Disposable[] {
  return COMMAND_IDS.map((id) => vscode.commands.registerCommand(id, (...args: unknown[]) => services.get().commands[id](...args)));
}

/**
 * The extension's read-only documents, each read from the services (built on the first read).
 * A provider's changes (a document to be read again) are relayed once the services exist: VS
 * Code subscribes to `onDidChange` when the provider is registered, and subscribing to the
 * services' own provider then would build them at every activation.
 */
export function registerContentProviders(services: LazyServices): vscode.Disposable[] {
  return URI_SCHEMES.flatMap((scheme) => {
    const changed = new vscode.EventEmitter<vscode.Uri>();
    let relayed: vscode.Disposable | undefined;
    services.whenBuilt((built) => (relayed = built.contentProviders[scheme].onDidChange?.((uri) => changed.fire(uri))));
    return [
      changed,
      { dispose: () => relayed?.dispose() },
      vscode.workspace.registerTextDocumentContentProvider(scheme, {
        onDidChange: changed.event,
        provideTextDocumentContent: (uri, token) => services.get().contentProviders[scheme].provideTextDocumentContent(uri, token),
      }),
    ];
  });
}

/**
 * The extension's exports (integration tests read the services through them): each property read
 * builds the services. `then` and symbols answer undefined, so that VS Code, which resolves what
 * activate returns as a promise, does not build them at activation.
 */
export function lazyExports(services: LazyServices): Record<string, unknown> {
  return new Proxy(
    {},
    {
      get: (_target, key) => (typeof key === 'string' && key !== 'then' ? services.get().api[key] : undefined),
      has: (_target, key) => typeof key === 'string' && key in services.get().api,
    },
  );
}
