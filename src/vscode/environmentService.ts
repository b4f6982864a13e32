import * as vscode from 'vscode';
import { DEFAULT_SANDBOX_PORT } from '../core/send/localSandbox';
import { environmentsFor, parseEnvironment } from '../core/send/environments';
import { requestMetadata } from '../core/send/prepareBody';
import type { ProviderProfile } from '../core/providers/types';
import type { EnvironmentConfig } from '../core/send/types';
import { SECTION } from './configuration';
import { projectConfigFor } from './projectConfigs';

const ACTIVE_KEY = 'esignDrafts.activeEnvironment';

/**
 * Environments per provider: the built-in `local-sandbox`, the `environments` of the
 * esign-drafts.config.json that governs the document (the same the CLI and the language server
 * read), then `esignDrafts.environments` (user and workspace settings: personal additions; a name
 * the project config defines is the project's); the active one per provider (remembered per
 * workspace), and the `$request.environment` override of a file.
 */
export class EnvironmentService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** The sandbox `esign-drafts sandbox` / `npm start` runs; ESIGN_DRAFTS_SANDBOX_PORT moves it, as for the CLI. */
  private defaultSandboxPort = portFromEnvironment() ?? DEFAULT_SANDBOX_PORT;
  private sandboxPort = this.defaultSandboxPort;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  /** Problems found in the settings, reported once each in the output channel. */
  private readonly reported = new Set<string>();

  constructor(private readonly state: vscode.Memento, private readonly log: vscode.LogOutputChannel) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(`${SECTION}.environments`) && this.changed.fire()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
      projectConfigFor.onDidChange(() => this.changed.fire()),
    );
  }

  /** Where the built-in local-sandbox environments point (the in-process sandbox's port when it runs). */
  setSandboxPort(port: number | undefined): void {
    this.sandboxPort = port ?? this.defaultSandboxPort;
    this.changed.fire();
  }

  /** The port a shared sandbox (`esign-drafts sandbox`) is expected on; Start Local Sandbox looks there first. */
  get configuredSandboxPort(): number {
    return this.defaultSandboxPort;
  }

  /** Test hook: where a shared sandbox is expected (as ESIGN_DRAFTS_SANDBOX_PORT would say). */
  setConfiguredSandboxPort(port: number): void {
    this.defaultSandboxPort = port;
  }

  get localSandboxPort(): number {
    return this.sandboxPort;
  }

  /** The environments of the project config governing `scope` (trusted workspaces only), then the settings' own. */
  configured(scope?: vscode.Uri): EnvironmentConfig[] {
    const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown[]>('environments');
    // A workspace's config file, like its settings, could point sends anywhere: used once the workspace is trusted.
    const project = scope && vscode.workspace.isTrusted ? projectConfigFor(scope, this.log) : undefined;
    const out: EnvironmentConfig[] = [...(project?.environments ?? [])];
    const add = (list: unknown, origin: EnvironmentConfig['origin']) => {
      if (!Array.isArray(list)) return;
      for (const raw of list) {
        const { environment, problem } = parseEnvironment(raw, origin);
        if (environment && out.some((e) => e.origin === 'config' && e.name === environment.name && e.provider === environment.provider)) continue;
        if (environment) out.push(environment);
        else if (problem && !this.reported.has(problem)) {
          this.reported.add(problem);
          this.log.warn(`esignDrafts.environments (${origin} settings): ${problem}; that entry is ignored.`);
        }
      }
    };
    add(inspected?.globalValue, 'user');
    // Restricted setting: VS Code hides workspace values in untrusted workspaces; be explicit anyway.
    if (vscode.workspace.isTrusted) {
      add(inspected?.workspaceValue, 'workspace');
      add(inspected?.workspaceFolderValue, 'workspace');
    }
    return out;
  }

  /** The environments `profile` can send to, for a document (`scope`: its project config's environments count). */
  environmentsFor(profile: ProviderProfile, scope?: vscode.Uri): EnvironmentConfig[] {
    return environmentsFor(profile, this.configured(scope), this.sandboxPort);
  }

  activeName(profile: ProviderProfile, scope?: vscode.Uri): string {
    const names = this.state.get<Record<string, string>>(ACTIVE_KEY, {});
    const name = names[profile.id];
    return name && this.environmentsFor(profile, scope).some((e) => e.name === name) ? name : 'local-sandbox';
  }

  async setActive(profile: ProviderProfile, name: string): Promise<void> {
    const names = { ...this.state.get<Record<string, string>>(ACTIVE_KEY, {}), [profile.id]: name };
    await this.state.update(ACTIVE_KEY, names);
    this.changed.fire();
  }

  /** The environment a send of this document uses: its `$request.environment`, else the active one. */
  forDocument(profile: ProviderProfile, value: unknown, scope?: vscode.Uri): { environment?: EnvironmentConfig; requestedName: string; fromFile: boolean } {
    const fromFile = requestMetadata(value, undefined).environment;
    const name = fromFile ?? this.activeName(profile, scope);
    return { environment: this.environmentsFor(profile, scope).find((e) => e.name === name), requestedName: name, fromFile: fromFile !== undefined };
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}

function portFromEnvironment(): number | undefined {
  const port = Number(process.env.ESIGN_DRAFTS_SANDBOX_PORT);
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
}
