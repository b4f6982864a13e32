import * as vscode from 'vscode';
import type { ProviderProfile } from '../core/providers/types';
import type { Credentials, EnvironmentConfig } from '../core/send/types';

/**
 * Credentials live in VS Code's SecretStorage only. Ignisign secrets are stored per appId +
 * appEnv (a secret belongs to one app and environment); Zigned clients per environment name.
 */
export class SecretStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  keyFor(profile: ProviderProfile, environment: EnvironmentConfig): string {
    return `esignDrafts.${profile.id}.${profile.send.credentialScope(environment)}`;
  }

  async get(profile: ProviderProfile, environment: EnvironmentConfig): Promise<Credentials | undefined> {
    const raw = await this.secrets.get(this.keyFor(profile, environment));
    if (!raw) return undefined;
    try {
      const parsed = JSON.parse(raw) as Credentials;
      return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  async set(profile: ProviderProfile, environment: EnvironmentConfig, credentials: Credentials): Promise<void> {
    await this.secrets.store(this.keyFor(profile, environment), JSON.stringify(credentials));
  }

  async clear(profile: ProviderProfile, environment: EnvironmentConfig): Promise<void> {
    await this.secrets.delete(this.keyFor(profile, environment));
  }
}
