import * as vscode from 'vscode';
import { ProjectConfigLookup } from '../core/config/configLookup';
import { effectiveLintConfig, type EffectiveLintConfig } from '../core/config/effectiveConfig';
import { CONFIG_FILE_NAME, type ProjectConfig } from '../core/config/projectConfig';
import { PROVIDERS } from '../core/providers/registry';
import type { ProviderProfile } from '../core/providers/types';
import { dotenvBeside } from '../core/payload/dotenv';
import type { DynamicContext } from '../core/payload/dynamicVariables';
import { sendingContext } from '../core/send/prepareBody';
import { ruleSeverities } from './configuration';

/**
 * The extension host's view of esign-drafts.config.json (its environments: the language server
 * reads the same files for the rules). One lookup, dropped when a watcher sees a config change.
 */
const lookup = new ProjectConfigLookup(() => (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath));
const changed = new vscode.EventEmitter<void>();
const reported = new Set<string>();
let watching: vscode.Disposable | undefined;

function watch(): void {
  if (watching) return;
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE_NAME}`);
  const drop = () => {
    lookup.invalidate();
    reported.clear();
    changed.fire();
  };
  // A config saved in the editor is dropped at once, whether or not the disk watcher reports it
  // (in a folder created moments before, it may not: seen with VS Code's watcher in code-server).
  const saved = vscode.workspace.onDidSaveTextDocument((document) => isProjectConfigFile(document.uri) && drop());
  watching = vscode.Disposable.from(watcher, saved, watcher.onDidCreate(drop), watcher.onDidChange(drop), watcher.onDidDelete(drop), vscode.workspace.onDidChangeWorkspaceFolders(drop));
}

/** Whether a file is an esign-drafts.config.json on disk. */
export function isProjectConfigFile(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && uri.path.endsWith(`/${CONFIG_FILE_NAME}`);
}

/**
 * The valid project config governing a document, or undefined. An unusable one is said once (a
 * notification and the log): the language server also shows its problems in the file itself.
 */
export function projectConfigFor(scope: vscode.Uri, log: vscode.LogOutputChannel): ProjectConfig | undefined {
  if (scope.scheme !== 'file') return undefined;
  watch();
  const read = lookup.forFile(scope.fsPath);
  if (!read) return undefined;
  if (read.ok) return read.config;
  if (!reported.has(read.message)) {
    reported.add(read.message);
    log.warn(read.message);
    void vscode.window.showWarningMessage(`E-Sign Drafts: ${read.message} Its environments are not used until it is fixed.`, 'Open Config').then((choice) => {
      if (choice) void vscode.window.showTextDocument(vscode.Uri.file(read.file));
    });
  }
  return undefined;
}
projectConfigFor.onDidChange = changed.event;

/** Stops watching (extension deactivation). */
export function disposeProjectConfigs(): void {
  watching?.dispose();
  watching = undefined;
}

/**
 * The severities a payload is judged with on the extension host (the publish gate), exactly as
 * the language server and the CLI judge it: the project config's rules and overrides (or, where
 * none governs it, the settings), then the file's `$lint`.
 */
export function effectiveLintConfigFor(scope: vscode.Uri, profile: ProviderProfile, value: unknown, log: vscode.LogOutputChannel): EffectiveLintConfig {
  const config = projectConfigFor(scope, log);
  return effectiveLintConfig({
    provider: profile,
    providers: PROVIDERS,
    file: scope.scheme === 'file' ? scope.fsPath : undefined,
    config,
    settings: config ? undefined : ruleSeverities(scope),
    value,
  });
}

/**
 * What `{{$datetime}}`, `{{$processEnv}}` and `{{$dotenv}}` resolve against when a payload is sent
 * from the editor: the clock, the extension host's environment, and the `.env` beside the file
 * (read only when a `{{$dotenv}}` asks for it), as the CLI resolves them.
 */
export function sendingContextFor(document: vscode.Uri): DynamicContext {
  return sendingContext(new Date(), process.env, () => (document.scheme === 'file' ? dotenvBeside(document.fsPath) : {}));
}
