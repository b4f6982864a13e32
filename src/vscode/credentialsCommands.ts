import * as vscode from 'vscode';
import { PROVIDERS, providerById } from '../core/providers/registry';
import { LOCAL_SANDBOX } from '../core/send/environments';
import type { ProviderProfile } from '../core/providers/types';
import type { Credentials, EnvironmentConfig } from '../core/send/types';
import type { TokenCache } from '../core/send/tokenCache';
import { dialogs } from './dialogs';
import type { EnvironmentService } from './environmentService';
import type { SecretStore } from './secretStore';

const OPEN_SETTINGS = 'Open Settings';

/** Optional arguments so that the commands can be scripted; secrets are still only ever asked for. */
export interface CredentialsArgs {
  provider?: string;
  environment?: string;
}

async function pickEnvironment(environments: EnvironmentService, args: CredentialsArgs, verb: string): Promise<{ profile: ProviderProfile; environment: EnvironmentConfig } | undefined> {
  const candidates = PROVIDERS.filter((p) => !args.provider || p.id === args.provider).flatMap((profile) =>
    environments.environmentsFor(profile).filter((e) => e.name !== LOCAL_SANDBOX && (!args.environment || e.name === args.environment)).map((environment) => ({ profile, environment })),
  );
  if (candidates.length === 0) {
    // Not awaited: the command returns at once; the button opens the setting to add one.
    void dialogs
      .info(
        `E-Sign Drafts: no environment to ${verb} credentials for${args.provider ? ` (${providerById(args.provider)?.displayName ?? args.provider})` : ''}. Add one to the esignDrafts.environments setting, e.g. { "name": "staging", "provider": "ignisign", "appId": "…", "appEnv": "STAGING" } (for Ignisign v4, { "name": "staging", "provider": "ignisign-v4" } with an skv2_… API key). The local sandbox needs none.`,
        OPEN_SETTINGS,
      )
      .then((choice) => choice === OPEN_SETTINGS && vscode.commands.executeCommand('workbench.action.openSettings', 'esignDrafts.environments'));
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const picked = await dialogs.pick(
    candidates.map((c) => ({ label: c.environment.name, description: c.profile.displayName, detail: c.profile.send.credentialScope(c.environment), value: c })),
    { title: `${verb === 'set' ? 'Set' : 'Clear'} credentials`, placeHolder: 'For which environment?' },
  );
  return picked?.value;
}

export async function setCredentials(environments: EnvironmentService, secrets: SecretStore, tokens: TokenCache, args: CredentialsArgs = {}): Promise<boolean> {
  const target = await pickEnvironment(environments, args, 'set');
  if (!target) return false;
  const { profile, environment } = target;
  const credentials: Credentials = {};
  for (const field of profile.send.credentialFields) {
    const value = await dialogs.input({
      title: `${profile.displayName} — ${environment.name}`,
      prompt: `${field.label} (stored in VS Code's secret storage, never in settings)`,
      placeHolder: field.placeholder,
      password: field.key !== 'clientId',
      ignoreFocusOut: true,
      validateInput: (v) => credentialInputProblem(profile, environment, field.key, field.label, v),
    });
    if (!value) return false;
    credentials[field.key] = value.trim();
  }
  await secrets.set(profile, environment, credentials);
  // A token obtained with the old credentials must not outlive them.
  tokens.clear();
  // Ignisign v4 takes an API key or an app secret: say which one this is and how it will be used.
  const mode = profile.send.credentialMode?.(credentials, environment);
  void vscode.window.showInformationMessage(`E-Sign Drafts: credentials saved for ${environment.name} (${profile.send.credentialScope(environment)})${mode ? `: ${mode.description}` : ''}.`);
  return true;
}

/**
 * What is wrong with a value typed into the credentials box, shown as the user types (so that it
 * also tells an Ignisign v4 user which mode the value selects), or undefined when it can be saved.
 */
export function credentialInputProblem(profile: ProviderProfile, environment: EnvironmentConfig, key: keyof Credentials, label: string, value: string): string | vscode.InputBoxValidationMessage | undefined {
  if (!value.trim()) return `Enter the ${label}.`;
  const mode = profile.send.credentialMode?.({ [key]: value.trim() }, environment);
  if (!mode) return undefined;
  if (mode.problem) return { message: `Used as ${mode.description}; but ${mode.problem}. Add them to the environment, or enter an skv2_… API key.`, severity: vscode.InputBoxValidationSeverity.Error };
  return { message: `Will be used as ${mode.description}.`, severity: vscode.InputBoxValidationSeverity.Info };
}

export async function clearCredentials(environments: EnvironmentService, secrets: SecretStore, tokens: TokenCache, args: CredentialsArgs = {}): Promise<boolean> {
  const target = await pickEnvironment(environments, args, 'clear');
  if (!target) return false;
  await secrets.clear(target.profile, target.environment);
  tokens.clear();
  void vscode.window.showInformationMessage(`E-Sign Drafts: credentials removed for ${target.environment.name}.`);
  return true;
}
