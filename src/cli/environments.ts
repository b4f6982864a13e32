import { DEFAULT_SANDBOX_PORT } from '../core/send/localSandbox';
import { environmentsFor } from '../core/send/environments';
import type { EnvironmentConfig } from '../core/send/types';
import type { ProviderProfile } from '../core/providers/types';
import type { CliConfig } from './config';
import { UsageError } from './usageError';

/**
 * How `send` (and `lint --env`, which must check variables exactly as send would) finds an
 * environment: the config's entries, checked, then the provider's list with the built-in
 * `local-sandbox` first (on ESIGN_DRAFTS_SANDBOX_PORT when set).
 */
export class EnvironmentChoice {
  readonly configured: readonly EnvironmentConfig[];
  readonly sandboxPort: number;

  constructor(
    private readonly config: CliConfig,
    env: NodeJS.ProcessEnv,
  ) {
    // Checked when the config was read (core/config/projectConfig.ts).
    this.configured = config.environments;
    this.sandboxPort = Number(env.ESIGN_DRAFTS_SANDBOX_PORT ?? DEFAULT_SANDBOX_PORT);
  }

  /** The environments `profile` can send to. */
  for(profile: ProviderProfile): EnvironmentConfig[] {
    return environmentsFor(profile, this.configured, this.sandboxPort);
  }

  /** The one named `name`, or a usage error listing the names there are. */
  named(profile: ProviderProfile, name: string): EnvironmentConfig {
    const environments = this.for(profile);
    const environment = environments.find((e) => e.name === name);
    if (!environment) throw new UsageError(`Unknown environment "${name}" for ${profile.displayName}: expected one of ${environments.map((e) => e.name).join(', ')} (${this.config.source ? `define more in ${this.config.source}` : 'define more in an esign-drafts.config.json beside the file or above it'} "environments").`);
    return environment;
  }
}
